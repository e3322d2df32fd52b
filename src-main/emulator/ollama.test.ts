/** Ollama's native API over raw HTTP (Modeldesk reaches it without an SDK): NDJSON chat, JSON chat, tags, version. */
import { describe, expect, it } from 'vitest';
import { hello, postJSON, useEmulator } from './test-support';

const emulator = useEmulator();

type ChatLine = {
  model?: string;
  message?: { role: string; content: string; thinking?: string; tool_calls?: unknown[] };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
};

async function ndjson(response: Response): Promise<ChatLine[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ChatLine);
}

describe('Ollama native API', () => {
  it('streams NDJSON by default and ends with a done line carrying the counts', async () => {
    const emu = emulator();
    emu.script({
      reply: { chunks: ['Hi', ' from', ' llama'], thinking: ['hm'], usage: { input: 26, output: 298 } },
    });
    const response = await postJSON(`${emu.baseURLs.ollama}/api/chat`, {
      model: 'llama3.2',
      messages: hello,
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await ndjson(response);
    expect(lines.map((line) => line.message?.thinking ?? '').join('')).toBe('hm');
    expect(lines.map((line) => line.message?.content).join('')).toBe('Hi from llama');
    expect(lines.slice(0, -1).every((line) => line.done === false)).toBe(true);
    expect(lines[lines.length - 1]).toMatchObject({
      model: 'llama3.2',
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 26,
      eval_count: 298,
    });
    expect(emu.requests[0]).toMatchObject({ protocol: 'ollama', stream: true, path: '/ollama/api/chat' });
  });

  it('answers one JSON object with stream: false, tool calls with object arguments', async () => {
    const emu = emulator();
    emu.script({ reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Toronto' } }] } });
    const response = await postJSON(`${emu.baseURLs.ollama}/api/chat`, {
      model: 'qwen3:8b',
      messages: hello,
      stream: false,
    });
    const body = (await response.json()) as ChatLine;
    expect(body.done).toBe(true);
    expect(body.message?.tool_calls).toMatchObject([
      { function: { name: 'get_weather', arguments: { city: 'Toronto' } } },
    ]);
  });

  it('sends an {"error"} line inside the stream', async () => {
    const emu = emulator();
    emu.script({
      reply: { chunks: ['a', 'b', 'c'] },
      fault: { kind: 'stream-error', afterChunks: 1, message: 'model runner crashed' },
    });
    const lines = await ndjson(
      await postJSON(`${emu.baseURLs.ollama}/api/chat`, { model: 'llama3.2', messages: hello }),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]?.message?.content).toBe('a');
    expect(lines[1]).toEqual({ error: 'model runner crashed' });
  });

  it('lists local models at /api/tags and reports /api/version', async () => {
    const emu = emulator();
    const tags = (await (await fetch(`${emu.baseURLs.ollama}/api/tags`)).json()) as {
      models: Array<{ name: string }>;
    };
    expect(tags.models.map((m) => m.name)).toContain('llama3.2:latest');
    const version = (await (await fetch(`${emu.baseURLs.ollama}/api/version`)).json()) as { version: string };
    expect(version.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('answers a request without a model with Ollama’s 400', async () => {
    const emu = emulator();
    const response = await postJSON(`${emu.baseURLs.ollama}/api/chat`, { messages: hello });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'model is required' });
  });
});
