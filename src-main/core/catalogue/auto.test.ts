import { describe, expect, it } from 'vitest';
import type { Capabilities, ModelInfo, Prices } from '@contract/models';
import { ProviderError } from '../providers/errors';
import { chooseAuto, type AutoRequest } from './auto';
import { Catalogue } from './catalogue';

const ALL: Capabilities = {
  vision: true,
  tools: true,
  structuredOutput: true,
  reasoning: true,
  streaming: true,
};
const TEXT: Capabilities = {
  vision: false,
  tools: false,
  structuredOutput: false,
  reasoning: false,
  streaming: true,
};

function model(id: string, tier: number, prices: Prices | null, extra: Partial<ModelInfo> = {}): ModelInfo {
  const [provider = '', name = ''] = id.split(':');
  return {
    id,
    provider,
    model: name,
    displayName: name,
    contextWindow: 200_000,
    maxOutputTokens: 8192,
    capabilities: ALL,
    prices,
    qualityTier: tier,
    source: 'custom',
    configured: true,
    ...extra,
  };
}

function configured(...providers: string[]): ModelInfo[] {
  return new Catalogue({ isConfigured: (p) => providers.includes(p) }).list();
}

const ask = (request: Partial<AutoRequest> = {}): AutoRequest => ({
  needs: {},
  inputTokens: 1000,
  qualityFloor: 3,
  ...request,
});

function thrown(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

describe('chooseAuto with the built-in catalogue', () => {
  const hosted = configured('openai', 'anthropic', 'gemini');

  it('picks the cheapest configured model at the floor and chains the next-cheapest', () => {
    const choice = chooseAuto(hosted, ask());
    // 1,000 tokens in and a 1,000-token answer: GPT-4.1 mini $0.0020, GPT-5 mini $0.00225, Flash $0.0028, o4-mini $0.0055.
    expect(choice.model.id).toBe('openai:gpt-4.1-mini');
    expect(choice.estimatedCostMicros).toBe(2000);
    expect(choice.reason).toBe(
      'cheapest model at tier ≥3: GPT-4.1 mini (openai:gpt-4.1-mini), $0.40/M in, $1.60/M out',
    );
    expect(choice.fallback).toEqual(['openai:gpt-5-mini', 'gemini:gemini-2.5-flash', 'openai:o4-mini']);
  });

  it('requires vision when images are attached, at the quality floor', () => {
    const choice = chooseAuto(hosted, ask({ needs: { vision: true }, qualityFloor: 4 }));
    expect(choice.model.capabilities.vision).toBe(true);
    expect(choice.model.qualityTier).toBeGreaterThanOrEqual(4);
    expect(choice.model.id).toBe('openai:gpt-5-mini');
    expect(choice.reason).toMatch(
      /^cheapest vision-capable model at tier ≥4: GPT-5 mini \(openai:gpt-5-mini\), \$0\.25\/M in/,
    );
  });

  it('requires tools and structured output where asked, which rules out models without them', () => {
    const groq = configured('groq');
    // Qwen3 32B is the cheapest at tier 3 but has no structured output on Groq.
    const plain = chooseAuto(groq, ask({ qualityFloor: 3 }));
    expect(plain.model.id).toBe('groq:qwen/qwen3-32b');
    const withSchema = chooseAuto(
      groq,
      ask({ needs: { tools: true, structuredOutput: true }, qualityFloor: 3 }),
    );
    expect(withSchema.model.id).toBe('groq:openai/gpt-oss-120b');
    for (const id of [withSchema.model.id, ...withSchema.fallback]) {
      const m = groq.find((x) => x.id === id)!;
      expect(m.capabilities.tools && m.capabilities.structuredOutput, id).toBe(true);
    }
    expect(withSchema.fallback).not.toContain('groq:llama-3.3-70b-versatile');
    expect(withSchema.reason).toMatch(/^cheapest tool-using, structured-output model at tier ≥3/);
  });

  it('chooses a free local model at a low floor, the better one when the price ties', () => {
    const local = configured('ollama');
    // Every local model costs 0: the tier-2 ones win over tier 1, then the id decides.
    const tools = chooseAuto(local, ask({ qualityFloor: 1, needs: { tools: true } }));
    expect(tools.model.id).toBe('ollama:gpt-oss:20b');
    expect(tools.fallback).toEqual(['ollama:qwen3', 'ollama:llama3.1', 'ollama:llama3.2']);
    const vision = chooseAuto(local, ask({ qualityFloor: 1, needs: { vision: true } }));
    expect(vision.model.id).toBe('ollama:gemma3');
    expect(vision.estimatedCostMicros).toBe(0);
    expect(vision.fallback).toEqual(['ollama:llama3.2-vision']);
  });

  it('raises the floor to frontier models', () => {
    const choice = chooseAuto(hosted, ask({ qualityFloor: 5 }));
    expect(choice.model.qualityTier).toBe(5);
    expect(choice.model.id).toBe('openai:o3');
  });

  it('needs a context window with room for the input and the answer', () => {
    // GPT-4.1 mini holds 1,047,576 tokens: 1,045,000 + 3,000 do not fit; Gemini 2.5 Flash holds 1,048,576.
    const choice = chooseAuto(hosted, ask({ inputTokens: 1_045_000, maxOutputTokens: 3000 }));
    expect(choice.model.id).toBe('gemini:gemini-2.5-flash');
    expect(choice.fallback).toEqual([]);
    expect(
      thrown(() => chooseAuto(hosted, ask({ inputTokens: 1_045_000, maxOutputTokens: 8000 }))).kind,
    ).toBe('context_length');
  });

  it('says when no configured model can take the request, by how much', () => {
    const error = thrown(() => chooseAuto(hosted, ask({ inputTokens: 2_000_000 })));
    expect(error.kind).toBe('context_length');
    expect(error.message).toMatch(/about 2,000,000 input tokens.*Gemini 2\.5 Flash, holds 1,048,576 tokens/);
    expect(error.action).toMatch(/drop or summarize older turns/);
  });

  it('names unconfigured models that could serve, when no configured one can', () => {
    const error = thrown(() =>
      chooseAuto(configured('groq'), ask({ needs: { vision: true }, qualityFloor: 4 })),
    );
    expect(error.kind).toBe('unconfigured');
    expect(error.message).toMatch(
      /^No configured vision-capable model at tier ≥4 can serve this request\. \S+, \S+ or \S+ could, once their providers are set up\.$/,
    );
    expect(error.action).toMatch(/lower Auto’s quality floor/);
    expect(thrown(() => chooseAuto(configured(), ask())).message).toMatch(/no provider is set up yet/);
  });
});

describe('chooseAuto ranking rules', () => {
  it('ranks unknown prices after known ones, however dear', () => {
    const models = [model('x:mystery', 5, null), model('x:dear', 4, { inputPerM: 50, outputPerM: 100 })];
    expect(chooseAuto(models, ask()).model.id).toBe('x:dear');
    expect(chooseAuto(models, ask()).fallback).toEqual(['x:mystery']);
    const onlyUnknown = chooseAuto([models[0]!], ask());
    expect(onlyUnknown.estimatedCostMicros).toBeNull();
    expect(onlyUnknown.reason).toBe(
      'no configured model at tier ≥3 has a known price; chose mystery (x:mystery), whose price is unknown',
    );
  });

  it('explains when cheaper models were passed over for lack of room', () => {
    const models = [
      model('a:small', 4, { inputPerM: 0.1, outputPerM: 0.1 }, { contextWindow: 8192 }),
      model('a:big', 4, { inputPerM: 1, outputPerM: 1 }),
    ];
    const choice = chooseAuto(models, ask({ inputTokens: 10_000 }));
    expect(choice.model.id).toBe('a:big');
    expect(choice.reason).toMatch(/; cheaper models lack room for 10,000 input tokens$/);
  });

  it('skips unconfigured, deprecated and capability-lacking models, and keeps the chain to three', () => {
    const models = [
      model('p:unconfigured', 4, { inputPerM: 0.01, outputPerM: 0.01 }, { configured: false }),
      model('p:old', 4, { inputPerM: 0.02, outputPerM: 0.02 }, { deprecated: true }),
      model('p:blind', 4, { inputPerM: 0.03, outputPerM: 0.03 }, { capabilities: TEXT }),
      ...[1, 2, 3, 4, 5].map((n) => model(`p:m${n}`, 4, { inputPerM: n, outputPerM: n })),
    ];
    const choice = chooseAuto(models, ask({ needs: { vision: true } }));
    expect(choice.model.id).toBe('p:m1');
    expect(choice.fallback).toEqual(['p:m2', 'p:m3', 'p:m4']);
  });

  it('reserves the requested answer length, capped by what the model can write', () => {
    const models = [
      model(
        'c:tight',
        3,
        { inputPerM: 0.1, outputPerM: 0.1 },
        { contextWindow: 12_000, maxOutputTokens: 2000 },
      ),
    ];
    // 10,000 + min(50,000, 2,000) fits in 12,000.
    expect(chooseAuto(models, ask({ inputTokens: 10_000, maxOutputTokens: 50_000 })).model.id).toBe(
      'c:tight',
    );
    expect(thrown(() => chooseAuto(models, ask({ inputTokens: 10_001, maxOutputTokens: 50_000 }))).kind).toBe(
      'context_length',
    );
  });
});
