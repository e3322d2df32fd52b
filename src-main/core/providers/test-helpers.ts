/**
 * Shared set-up for the provider tests: one emulator per test file, a configuration per provider pointing at it,
 * and small readers for streams. Configurations are built with an empty environment, so a developer's own
 * OPENAI_API_KEY and friends never leak into a test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulator } from '../../emulator';
import type { Emulator, EmulatorProtocol, RecordedRequest } from '../../emulator';
import { createAdapter } from './registry';
import type { ChatResponse, ProviderAdapter, ProviderConfig, StreamEvent } from './types';

/** Fake keys shaped like the real ones, so that scrubbing is tested on realistic text. */
export const KEYS = {
  openai: 'sk-proj-test0penAIkey1234567890abcdef',
  anthropic: 'sk-ant-api03-testAnthropicKey0987654321',
  azure: 'azuretestkey00112233445566778899aa',
  gemini: 'AIzaSyTestGeminiKey-1234567890abcdefg',
  groq: 'gsk_testGroqKey1234567890abcdef',
} as const;

export function useEmulator(): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator?.idle();
    emulator?.reset();
  });
  afterAll(() => emulator?.close());
  return () => {
    if (!emulator) throw new Error('The emulator is not started yet: call it inside a test.');
    return emulator;
  };
}

export type ProviderCase = {
  name: string;
  /** The protocol the emulator sees this adapter's chat requests as. */
  protocol: EmulatorProtocol;
  model: string;
  config: (emulator: Emulator) => ProviderConfig;
  /** Whether the provider sends a request id header. */
  requestIdHeader: boolean;
};

export const PROVIDER_CASES: readonly ProviderCase[] = [
  {
    name: 'openai',
    protocol: 'openai',
    model: 'gpt-4.1',
    requestIdHeader: true,
    config: (emu) => ({ id: 'openai', kind: 'openai', baseURL: emu.baseURLs.openai, apiKey: KEYS.openai }),
  },
  {
    name: 'anthropic',
    protocol: 'anthropic',
    model: 'claude-sonnet-4-6',
    requestIdHeader: true,
    config: (emu) => ({
      id: 'anthropic',
      kind: 'anthropic',
      baseURL: emu.baseURLs.anthropic,
      apiKey: KEYS.anthropic,
    }),
  },
  {
    name: 'azure',
    protocol: 'azure',
    model: 'gpt-4o',
    requestIdHeader: true,
    config: (emu) => ({
      id: 'azure',
      kind: 'azure',
      apiKey: KEYS.azure,
      azure: {
        endpoint: emu.baseURLs.azureEndpoint,
        apiVersion: '2024-10-21',
        deployments: { 'gpt-4o': 'prod-gpt4o' },
      },
    }),
  },
  {
    name: 'gemini',
    protocol: 'gemini',
    model: 'gemini-2.5-flash',
    requestIdHeader: false,
    config: (emu) => ({ id: 'gemini', kind: 'gemini', baseURL: emu.baseURLs.gemini, apiKey: KEYS.gemini }),
  },
  {
    name: 'ollama',
    protocol: 'ollama-openai',
    model: 'llama3.2-vision',
    requestIdHeader: true,
    config: (emu) => ({ id: 'ollama', kind: 'ollama', baseURL: emu.baseURLs.ollama }),
  },
  {
    name: 'openai-compatible',
    protocol: 'openai',
    model: 'qwen2.5-vl',
    requestIdHeader: true,
    config: (emu) => ({
      id: 'vllm',
      kind: 'openai-compatible',
      preset: 'vllm',
      baseURL: emu.baseURLs.openai,
    }),
  },
];

export function adapterFor(testCase: ProviderCase, emulator: Emulator): ProviderAdapter {
  return createAdapter(testCase.config(emulator), {});
}

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export function finalResponse(events: StreamEvent[]): ChatResponse {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error(`The stream did not finish: ${JSON.stringify(last)}`);
  return last.response;
}

export function streamError(events: StreamEvent[]): Extract<StreamEvent, { type: 'error' }> {
  const last = events.at(-1);
  if (last?.type !== 'error')
    throw new Error(`The stream did not end with an error: ${JSON.stringify(last)}`);
  return last;
}

export function deltaText(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
}

/** The chat requests the emulator recorded (listing and health calls left out). */
export function chatRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/count_tokens'));
}

export function lastChatBody(emulator: Emulator): Record<string, unknown> {
  const request = chatRequests(emulator).at(-1);
  if (!request) throw new Error('The emulator recorded no chat request.');
  return request.body as Record<string, unknown>;
}

/** A 2×1 PNG (red, blue), small enough to read in a test, real enough for every parser. */
export const PNG_2x1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR4nGP4zwAE/wEHAAH/4iOeWQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
