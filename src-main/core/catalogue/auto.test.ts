import { describe, expect, it } from 'vitest';
import type { Capabilities, ModelInfo, Prices } from '@contract/models';
import { ProviderError } from '../providers/errors';
import { chooseAuto, type AutoRequest } from './auto';
import { builtinCatalogue } from './builtin';
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

/** The built-in catalogue on its own date, so that lifecycle and prices do not move with the clock. */
function configured(...providers: string[]): ModelInfo[] {
  return new Catalogue({ isConfigured: (p) => providers.includes(p), today: builtinCatalogue().asOf }).list();
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
    // 1,000 tokens in and a 1,000-token answer: GPT-6 Luna $0.0006, GPT-5.6 Luna $0.0014, the Flashes $0.0028.
    expect(choice.model.id).toBe('openai:gpt-6-luna');
    expect(choice.estimatedCostMicros).toBe(600);
    expect(choice.reason).toBe(
      'cheapest model at tier ≥3: GPT-6 Luna (openai:gpt-6-luna), $0.10/M in, $0.50/M out',
    );
    expect(choice.fallback).toEqual([
      'openai:gpt-5.6-luna',
      'gemini:gemini-2.5-flash',
      'gemini:gemini-3.5-flash-lite',
    ]);
  });

  it('never chooses a deprecated or retired model, however cheap', () => {
    const choice = chooseAuto(hosted, ask({ qualityFloor: 2 }));
    for (const id of [choice.model.id, ...choice.fallback]) {
      expect(hosted.find((m) => m.id === id)?.lifecycle?.status ?? 'active', id).toBe('active');
    }
    // GPT-5 nano ($0.05/M in) is cheaper than everything chosen, but retires on 2026-12-11.
    expect([choice.model.id, ...choice.fallback]).not.toContain('openai:gpt-5-nano');
  });

  it('requires vision when images are attached, at the quality floor', () => {
    const choice = chooseAuto(hosted, ask({ needs: { vision: true }, qualityFloor: 4 }));
    expect(choice.model.capabilities.vision).toBe(true);
    expect(choice.model.qualityTier).toBeGreaterThanOrEqual(4);
    expect(choice.model.id).toBe('gemini:gemini-3.8-flash');
    expect(choice.reason).toMatch(
      /^cheapest vision-capable model at tier ≥4: Gemini 3\.8 Flash \(gemini:gemini-3\.8-flash\), \$0\.75\/M in/,
    );
  });

  it('requires tools and structured output where asked, which rules out models without them', () => {
    const groq = configured('groq');
    const tools = chooseAuto(groq, ask({ needs: { tools: true }, qualityFloor: 3 }));
    expect(tools.model.id).toBe('groq:openai/gpt-oss-120b');
    expect(tools.fallback).toEqual(['groq:qwen/qwen3-32b', 'groq:llama-3.3-70b-versatile']);
    // Neither Qwen3 32B nor Llama 3.3 70B answers to a JSON schema on Groq.
    const withSchema = chooseAuto(
      groq,
      ask({ needs: { tools: true, structuredOutput: true }, qualityFloor: 3 }),
    );
    expect(withSchema.model.id).toBe('groq:openai/gpt-oss-120b');
    expect(withSchema.fallback).toEqual([]);
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
    // Gemini 2.5 Pro $0.01125 for 1,000 in and out; GPT-6 Sol $0.012; o3 would be cheaper but retires.
    expect(choice.model.id).toBe('gemini:gemini-2.5-pro');
  });

  it('needs a context window with room for the input and the answer, and prices it at its tier', () => {
    // 1,046,000 + 3,000 is past Gemini's 1,048,576 and Claude's 1,000,000: GPT-6 Luna holds 1,050,000.
    const choice = chooseAuto(hosted, ask({ inputTokens: 1_046_000, maxOutputTokens: 3000 }));
    expect(choice.model.id).toBe('openai:gpt-6-luna');
    // Above 272,000 input tokens GPT-6 Luna bills $0.20/M in and $0.75/M out.
    expect(choice.estimatedCostMicros).toBe(1_046_000 * 0.2 + 1000 * 0.75);
    expect(choice.reason).toMatch(/\$0\.20\/M in, \$0\.75\/M out$/);
    expect(
      thrown(() => chooseAuto(hosted, ask({ inputTokens: 1_048_000, maxOutputTokens: 3000 }))).kind,
    ).toBe('context_length');
  });

  it('says when no configured model can take the request, by how much', () => {
    const error = thrown(() => chooseAuto(hosted, ask({ inputTokens: 2_000_000 })));
    expect(error.kind).toBe('context_length');
    expect(error.message).toMatch(/about 2,000,000 input tokens.*GPT-6 Astra, holds 1,050,000 tokens/);
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

  it('compares prices at the tier the input falls in: a cheap base rate loses when its tier is dear', () => {
    const tiered = model('t:tiered', 4, {
      inputPerM: 1,
      outputPerM: 1,
      tiers: [{ aboveInputTokens: 100_000, inputPerM: 10, outputPerM: 10 }],
    });
    const flat = model('t:flat', 4, { inputPerM: 2, outputPerM: 2 });
    expect(chooseAuto([tiered, flat], ask({ inputTokens: 100_000 })).model.id).toBe('t:tiered');
    expect(chooseAuto([tiered, flat], ask({ inputTokens: 100_001 })).model.id).toBe('t:flat');
  });

  it('keeps to a model’s input limit where it is less than its window', () => {
    const limited = model(
      'l:limited',
      4,
      { inputPerM: 1, outputPerM: 1 },
      { contextWindow: 400_000, maxInputTokens: 272_000 },
    );
    const other = model('l:other', 4, { inputPerM: 5, outputPerM: 5 }, { contextWindow: 400_000 });
    expect(chooseAuto([limited, other], ask({ inputTokens: 272_000 })).model.id).toBe('l:limited');
    expect(chooseAuto([limited, other], ask({ inputTokens: 272_001 })).model.id).toBe('l:other');
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
