/**
 * Ollama: chat through /v1 with no key, installed models from /api/tags, health from /api/version, its error
 * lines classified, and a server that is not running reported as such.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { chatRequests, collect, streamError, useEmulator } from './test-helpers';
import type { ChatRequest, ProviderConfig } from './types';

const emulator = useEmulator();

const config = (): ProviderConfig => ({ id: 'ollama', kind: 'ollama', baseURL: emulator().baseURLs.ollama });
const ask: ChatRequest = { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi llama' }] };

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Ollama', () => {
  it('chats through the OpenAI-compatible /v1 without a key, sending max_tokens', async () => {
    const response = await createAdapter(config(), {}).complete({ ...ask, maxOutputTokens: 50 });
    expect(response.text).toContain('Hi llama');
    const recorded = chatRequests(emulator()).at(-1);
    expect(recorded?.path).toBe('/ollama/v1/chat/completions');
    expect(recorded?.body).toMatchObject({ max_tokens: 50 });
  });

  it('lists installed models from /api/tags and checks health with /api/version', async () => {
    const adapter = createAdapter(config(), {});
    const models = await adapter.listModels();
    expect(models.length).toBeGreaterThan(0);
    expect(models.every((m) => m.id.length > 0)).toBe(true);
    expect(emulator().requests.at(-1)?.path).toBe('/ollama/api/tags');
    const health = await adapter.health();
    expect(health).toMatchObject({ ok: true, models: models.length });
    expect(emulator().requests.map((r) => r.path)).toContain('/ollama/api/version');
  });

  it('classifies its in-stream error chunks by what they say', async () => {
    emulator().script(
      {
        reply: { text: 'partial answer here', chunkSize: 4 },
        fault: {
          kind: 'stream-error',
          afterChunks: 2,
          message: 'server busy, please try again.  maximum pending requests exceeded',
        },
      },
      { fault: { kind: 'status', status: 404 } },
    );
    const adapter = createAdapter(config(), {});
    const { error, partial } = streamError(await collect(adapter.stream(ask)));
    expect(error).toMatchObject({ kind: 'overloaded', retryable: true });
    expect(partial.text).toBe('partial ');
    const missing = await adapter.complete(ask).catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: 'not_found', message: expect.stringMatching(/llama3\.2/) });
  });

  it('reports a server that is not running as a connection error naming where it looked', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const adapter = createAdapter({ id: 'ollama', kind: 'ollama', baseURL: url }, {});
    const error = await adapter.complete(ask).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'connection',
      retryable: true,
      message: expect.stringContaining(url),
    });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(await adapter.health()).toMatchObject({ ok: false, error: { kind: 'connection' } });
  });

  it('finds the server from OLLAMA_HOST', async () => {
    const host = emulator().baseURLs.ollama.replace('http://', '');
    await createAdapter({ id: 'ollama', kind: 'ollama' }, { OLLAMA_HOST: host }).complete(ask);
    expect(chatRequests(emulator()).at(-1)?.path).toBe('/ollama/v1/chat/completions');
  });
});
