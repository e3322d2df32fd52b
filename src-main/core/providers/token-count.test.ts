/**
 * Token counting: exact OpenAI counts with the chat format's overhead, each provider's published image formula,
 * and counts through the adapters (exact for OpenAI, estimates elsewhere, marked as such).
 */
import { describe, expect, it } from 'vitest';
import { createAdapter } from './registry';
import { PNG_2x1, useEmulator } from './test-helpers';
import {
  countRequestTokens,
  countTextTokens,
  encodingForModel,
  imageTokens,
  openAIImageFormula,
  rememberedTextCounts,
} from './token-count';
import type { ChatRequest } from './types';

const emulator = useEmulator();

describe('encodings', () => {
  it('picks o200k_base for GPT-4o, 4.1, 5 and the o-series, cl100k_base for GPT-4 and 3.5', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5', 'o3', 'o4-mini', 'chatgpt-4o-latest']) {
      expect(encodingForModel(model)).toBe('o200k_base');
    }
    for (const model of ['gpt-4', 'gpt-4-0613', 'gpt-4-turbo', 'gpt-3.5-turbo']) {
      expect(encodingForModel(model)).toBe('cl100k_base');
    }
  });

  it('counts text exactly', async () => {
    expect(await countTextTokens('hello world', 'o200k_base')).toBe(2);
    expect(await countTextTokens('hello world', 'cl100k_base')).toBe(2);
    expect(await countTextTokens('', 'o200k_base')).toBe(0);
  });
});

describe('counting a conversation again', () => {
  it('encodes only what is new, and counts exactly what it counted the first time', async () => {
    const options = {
      encoding: 'o200k_base' as const,
      exact: true,
      imageFormula: openAIImageFormula('gpt-6-sol'),
    };
    const history: ChatRequest['messages'] = Array.from({ length: 200 }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: `Turn ${i} of a long conversation about tokenizers. `.repeat(12),
    }));
    const before = rememberedTextCounts();
    const first = await countRequestTokens({ model: 'gpt-6-sol', messages: history }, new Map(), options);
    expect(rememberedTextCounts() - before).toBe(200);
    const again = await countRequestTokens({ model: 'gpt-6-sol', messages: history }, new Map(), options);
    expect(again).toEqual(first);
    const grown = [
      ...history,
      { role: 'user' as const, content: 'And one more question, long enough to be kept. '.repeat(6) },
    ];
    const next = await countRequestTokens({ model: 'gpt-6-sol', messages: grown }, new Map(), options);
    expect(rememberedTextCounts() - before).toBe(201);
    // The new message adds its own tokens and its message overhead, nothing else.
    const added = await countTextTokens(grown.at(-1)!.content as string);
    expect(next.inputTokens - first.inputTokens).toBeGreaterThanOrEqual(added);
    expect(next.inputTokens - first.inputTokens).toBeLessThanOrEqual(added + 4);
  });
});

describe('image formulas', () => {
  it('follows OpenAI’s tile formula (fit 2048, shortest side 768, 512-pixel tiles)', () => {
    const gpt4o = openAIImageFormula('gpt-4o');
    expect(imageTokens(gpt4o, 1024, 1024)).toBe(765);
    expect(imageTokens(gpt4o, 2048, 4096)).toBe(1105);
    expect(imageTokens(gpt4o, 2, 1)).toBe(255);
    expect(imageTokens(openAIImageFormula('gpt-4o-mini'), 1024, 1024)).toBe(2833 + 4 * 5667);
    expect(imageTokens(openAIImageFormula('o3'), 1024, 1024)).toBe(75 + 4 * 150);
  });

  it('follows OpenAI’s patch formula (32-pixel patches, at most 1536, times the model’s multiplier)', () => {
    expect(imageTokens({ kind: 'openai-patches', multiplier: 1 }, 1024, 1024)).toBe(1024);
    expect(imageTokens({ kind: 'openai-patches', multiplier: 1 }, 1800, 2400)).toBe(1452);
    expect(imageTokens(openAIImageFormula('gpt-4.1-mini'), 1024, 1024)).toBe(Math.ceil(1024 * 1.62));
    expect(imageTokens(openAIImageFormula('gpt-4.1-nano'), 1024, 1024)).toBe(Math.ceil(1024 * 2.46));
  });

  it('follows Anthropic’s width×height/750 with its resize limits', () => {
    expect(imageTokens({ kind: 'anthropic' }, 200, 200)).toBe(54);
    expect(imageTokens({ kind: 'anthropic' }, 1000, 1000)).toBe(1334);
    expect(imageTokens({ kind: 'anthropic' }, 1092, 1092)).toBe(1590);
    expect(imageTokens({ kind: 'anthropic' }, 4000, 4000)).toBeLessThanOrEqual(1600);
    expect(imageTokens({ kind: 'anthropic' }, 3000, 500)).toBeLessThanOrEqual(1600);
  });

  it('follows Gemini’s 258 tokens per image or per 768-pixel tile', () => {
    expect(imageTokens({ kind: 'gemini' }, 384, 384)).toBe(258);
    expect(imageTokens({ kind: 'gemini' }, 1024, 1024)).toBe(4 * 258);
  });
});

describe('countTokens through the adapters', () => {
  const hello: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello world' }] };

  it('counts OpenAI requests exactly and offline, with 3 tokens per message and 3 to prime the reply', async () => {
    const adapter = createAdapter({ id: 'openai', kind: 'openai', apiKey: 'sk-unused-key-000000' }, {});
    // 3 (message) + 1 ("user") + 2 ("hello world") + 3 (reply priming)
    expect(await adapter.countTokens(hello)).toEqual({
      inputTokens: 9,
      method: 'exact',
      source: 'tokenizer',
    });
    const withSystem = await adapter.countTokens({
      ...hello,
      messages: [{ role: 'system', content: 'Be brief.' }, ...hello.messages],
    });
    expect(withSystem.inputTokens).toBe(9 + 3 + 1 + (await countTextTokens('Be brief.')));
    const withImage = await adapter.countTokens({
      ...hello,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hello world' },
            { type: 'image', source: { kind: 'bytes', data: PNG_2x1, mediaType: 'image/png' } },
          ],
        },
      ],
    });
    expect(withImage).toEqual({ inputTokens: 9 + 255, method: 'exact', source: 'tokenizer' });
    const withTools = await adapter.countTokens({
      ...hello,
      tools: [
        {
          name: 'lookup',
          description: 'Find a thing',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      ],
    });
    expect(withTools.method).toBe('estimate');
    expect(withTools.inputTokens).toBeGreaterThan(9 + 9);
    expect(emulator().requests).toHaveLength(0);
  });

  it('estimates for servers whose tokenizer is not OpenAI’s, and says so', async () => {
    const gemini = createAdapter({ id: 'gemini', kind: 'gemini', apiKey: 'AIzaUnusedKey000000' }, {});
    const count = await gemini.countTokens({ ...hello, model: 'gemini-2.5-flash' });
    expect(count).toEqual({ inputTokens: 9, method: 'estimate', source: 'heuristic' });
  });
});
