/**
 * Conformance: the request bodies the adapters send (as the emulator recorded them) are valid against the
 * providers' own OpenAPI specs in ../shared/specs, checked offline by Steady (`@stdy/cli`), which answers 400 for
 * a request that breaks the spec and counts what it let through in `x-steady-error-count`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator, RecordedRequest } from '../../emulator';
import { createAdapter } from './registry';
import { KEYS, PNG_2x1, collect, useEmulator } from './test-helpers';
import type { ChatRequest, ProviderAdapter, ProviderConfig } from './types';

const ROOT = resolve(import.meta.dirname, '../../..');
const SPECS = resolve(ROOT, '../shared/specs');
const STEADY = resolve(ROOT, 'node_modules/.bin/steady');
const present =
  existsSync(resolve(SPECS, 'openai.openapi.yaml')) && existsSync(resolve(SPECS, 'anthropic.openapi.json'));
if (!present) console.warn(`Skipping the spec conformance tests: the specs in ${SPECS} are absent.`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

type Steady = { url: string; process: ChildProcess };

/** Starts Steady on a spec in its own process group (the launcher starts the native binary as a child). */
async function startSteady(spec: string): Promise<Steady> {
  const port = await freePort();
  const child = spawn(STEADY, ['-p', String(port), '--host', '127.0.0.1', '-q', resolve(SPECS, spec)], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(url);
      return { url, process: child };
    } catch {
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  throw new Error(`Steady did not start on ${spec}.`);
}

function stopSteady(steady: Steady | undefined): void {
  if (steady?.process.pid) process.kill(-steady.process.pid, 'SIGTERM');
}

type Verdict = { status: number; errors: string; problems: string[] };

/** Sends a recorded body to Steady as the SDK sent it to the provider. */
async function validate(steady: Steady, path: string, recorded: RecordedRequest): Promise<Verdict> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of ['anthropic-version', 'anthropic-beta']) {
    const value = recorded.headers[name];
    if (value) headers[name] = value;
  }
  // The credential as the SDK sent it (the recording masks its value): since @anthropic-ai/sdk 1.0 that is
  // `Authorization: Bearer` with `anthropic-version: 2026-10-21`, where older versions sent `x-api-key`.
  if (recorded.headers.authorization) headers.authorization = 'Bearer test-key';
  else if (recorded.headers['x-api-key']) headers['x-api-key'] = 'test-key';
  const response = await fetch(`${steady.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(recorded.body),
  });
  await response.arrayBuffer();
  const problems = [...response.headers.entries()]
    .filter(([name]) => /^x-steady-error-\d+-message$/.test(name))
    .map(([, value]) => value);
  return {
    status: response.status,
    errors: response.headers.get('x-steady-error-count') ?? 'missing',
    problems,
  };
}

const image = {
  type: 'image' as const,
  source: { kind: 'bytes' as const, data: PNG_2x1, mediaType: 'image/png' as const },
};
const tools = [
  {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
];
const schema = {
  type: 'object',
  properties: { answer: { type: 'string' } },
  required: ['answer'],
  additionalProperties: false,
};

function conversation(model: string): ChatRequest {
  return {
    model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            id: 'call_1',
            name: 'get_weather',
            arguments: { city: 'Paris' },
            rawArguments: '{"city":"Paris"}',
          },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call_1', content: '18°C', isError: false }],
      },
      { role: 'user', content: [{ type: 'text', text: 'And this?' }, image] },
    ],
    tools,
    toolChoice: 'auto',
    maxOutputTokens: 400,
    temperature: 0.5,
    topP: 0.9,
    stop: ['END'],
  };
}

type Case = { name: string; run: (adapter: ProviderAdapter) => Promise<unknown> };

function cases(model: string, extra: Partial<ChatRequest>[]): Case[] {
  const ask = (content: string, more: Partial<ChatRequest> = {}): ChatRequest => ({
    model,
    messages: [{ role: 'user', content }],
    ...more,
  });
  return [
    { name: 'plain text', run: (a) => a.complete(ask('Hello')) },
    {
      name: 'a conversation with tools, tool results and an image',
      run: (a) => a.complete(conversation(model)),
    },
    { name: 'a stream', run: (a) => collect(a.stream(ask('Stream please', { maxOutputTokens: 50 }))) },
    {
      name: 'structured output',
      run: (a) =>
        a.complete(
          ask('JSON please', {
            responseFormat: { type: 'json_schema', name: 'answer', schema, strict: true },
          }),
        ),
    },
    {
      name: 'a forced tool',
      run: (a) => a.complete(ask('Use it', { tools, toolChoice: { name: 'get_weather' } })),
    },
    { name: 'any tool', run: (a) => a.complete(ask('Use one', { tools, toolChoice: 'required' })) },
    ...extra.map((more, i) => ({
      name: `variant ${i + 1}: ${Object.keys(more).join(', ')}`,
      run: (a: ProviderAdapter) => a.complete(ask('Think', more)),
    })),
  ];
}

const emulator = useEmulator();
let openaiSpec: Steady | undefined;
let anthropicSpec: Steady | undefined;

describe.skipIf(!present)('request bodies conform to the providers’ OpenAPI specs (Steady)', () => {
  beforeAll(async () => {
    [openaiSpec, anthropicSpec] = await Promise.all([
      startSteady('openai.openapi.yaml'),
      startSteady('anthropic.openapi.json'),
    ]);
  }, 60_000);
  afterAll(() => {
    stopSteady(openaiSpec);
    stopSteady(anthropicSpec);
  });

  const chatCompletions: Array<{
    provider: string;
    config: (emu: Emulator) => ProviderConfig;
    model: string;
    extra: Partial<ChatRequest>[];
  }> = [
    {
      provider: 'OpenAI',
      model: 'o4-mini',
      config: (emu) => ({ id: 'openai', kind: 'openai', baseURL: emu.baseURLs.openai, apiKey: KEYS.openai }),
      extra: [{ reasoning: { effort: 'high' }, maxOutputTokens: 2000, seed: 3 }],
    },
    {
      provider: 'Azure OpenAI',
      model: 'gpt-4o',
      config: (emu) => ({
        id: 'azure',
        kind: 'azure',
        apiKey: KEYS.azure,
        azure: { endpoint: emu.baseURLs.azureEndpoint },
      }),
      extra: [{ maxOutputTokens: 100 }],
    },
    {
      provider: 'Gemini',
      model: 'gemini-2.5-flash',
      config: (emu) => ({ id: 'gemini', kind: 'gemini', baseURL: emu.baseURLs.gemini, apiKey: KEYS.gemini }),
      extra: [{ reasoning: { budgetTokens: 1024 } }, { reasoning: { effort: 'low' } }],
    },
  ];

  for (const target of chatCompletions) {
    it.each(cases(target.model, target.extra))(
      `${target.provider} Chat Completions: $name`,
      async ({ run }) => {
        const emu = emulator();
        await run(createAdapter(target.config(emu), {}));
        const recorded = emu.requests.filter((r) => r.method === 'POST');
        expect(recorded.length).toBeGreaterThan(0);
        for (const request of recorded) {
          const verdict = await validate(openaiSpec as Steady, '/chat/completions', request);
          expect(verdict, JSON.stringify(request.body).slice(0, 400)).toEqual({
            status: 200,
            errors: '0',
            problems: [],
          });
        }
      },
    );
  }

  it.each([
    ...cases('claude-sonnet-4-6', [
      { reasoning: { budgetTokens: 2048 } },
      { reasoning: { effort: 'medium' } },
    ]),
    { name: 'count_tokens', run: (a: ProviderAdapter) => a.countTokens(conversation('claude-sonnet-4-6')) },
  ])('Anthropic Messages: $name', async ({ run }) => {
    const emu = emulator();
    const anthropic = createAdapter(
      { id: 'anthropic', kind: 'anthropic', baseURL: emu.baseURLs.anthropic, apiKey: KEYS.anthropic },
      {},
    );
    await run(anthropic);
    const recorded = emu.requests.filter((r) => r.method === 'POST');
    expect(recorded.length).toBeGreaterThan(0);
    for (const request of recorded) {
      const verdict = await validate(
        anthropicSpec as Steady,
        request.path.replace(/^\/anthropic/, ''),
        request,
      );
      expect(verdict, JSON.stringify(request.body).slice(0, 400)).toEqual({
        status: 200,
        errors: '0',
        problems: [],
      });
    }
  });

  it('the Anthropic SDK sends its key as a bearer token with the 2026-10-21 API version, which the emulator takes', async () => {
    const emu = emulator();
    const anthropic = createAdapter(
      { id: 'anthropic', kind: 'anthropic', baseURL: emu.baseURLs.anthropic, apiKey: KEYS.anthropic },
      {},
    );
    await anthropic.complete({ model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'Hi' }] });
    const [request] = emu.requests;
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.headers.authorization).toMatch(/^Bearer /);
    expect(request?.headers['x-api-key']).toBeUndefined();
    expect(request?.outcome).toBe('completed');
  });

  it('Steady does reject a body that breaks the spec (the check can fail)', async () => {
    const broken = {
      body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'hi' }] },
      headers: {},
    } as unknown as RecordedRequest;
    const verdict = await validate(anthropicSpec as Steady, '/v1/messages', broken);
    expect(verdict.status).toBe(400);
    expect(verdict.problems.join(' ')).toMatch(/max_tokens/);
  });
});
