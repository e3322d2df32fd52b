/** Shared set-up for the emulator's own tests: one emulator per file, official SDK clients pointed at it. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startEmulator } from './server';
import type { Emulator, EmulatorOptions } from './types';

export const KEYS = {
  openai: 'sk-test-openai-1234',
  anthropic: 'sk-ant-test-5678',
  azure: 'azure-test-key-abcd',
  gemini: 'gemini-test-key-wxyz',
};

/** Starts an emulator for the file, resets it after each test, and closes it at the end. */
export function useEmulator(options?: EmulatorOptions): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterEach(() => emulator?.reset());
  afterAll(() => emulator?.close());
  return () => {
    if (!emulator) throw new Error('The emulator is not started yet: call it inside a test.');
    return emulator;
  };
}

/** SDK retries off: the tests look at each response exactly as sent. */
export const clients = {
  openai: (emu: Emulator, apiKey = KEYS.openai) =>
    new OpenAI({ apiKey, baseURL: emu.baseURLs.openai, maxRetries: 0 }),
  anthropic: (emu: Emulator, apiKey = KEYS.anthropic) =>
    new Anthropic({ apiKey, baseURL: emu.baseURLs.anthropic, maxRetries: 0 }),
  azure: (emu: Emulator, deployment = 'prod-gpt4o', apiKey = KEYS.azure) =>
    new AzureOpenAI({
      endpoint: emu.baseURLs.azureEndpoint,
      apiKey,
      apiVersion: '2024-10-21',
      deployment,
      maxRetries: 0,
    }),
  gemini: (emu: Emulator, apiKey = KEYS.gemini) =>
    new OpenAI({ apiKey, baseURL: emu.baseURLs.gemini, maxRetries: 0 }),
  ollamaOpenAI: (emu: Emulator) =>
    new OpenAI({ apiKey: 'ollama', baseURL: emu.baseURLs.ollamaOpenAI, maxRetries: 0 }),
};

/** The user turn most tests send. */
export const hello = [{ role: 'user' as const, content: 'Hello there' }];

/** The events of an SSE body, read whole: `event:` names (or null) and `data:` payloads. */
export async function readSSE(response: Response): Promise<Array<{ event: string | null; data: string }>> {
  const text = await response.text();
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? null;
      const data = lines
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice('data: '.length))
        .join('\n');
      return { event, data };
    });
}

/** POSTs JSON to the emulator as a plain HTTP client (for what the SDKs hide: raw bytes, headers they add). */
export function postJSON(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
