import { describe, expect, it } from 'vitest';
import type { Prices } from './models';
import type { Usage } from './usage';
import { formatTokensInOut } from './format';
import {
  addUsage,
  certaintyOf,
  computeCost,
  formatCertainCost,
  formatCostTotal,
  formatLowerBound,
  formatMicros,
  parseDollars,
  dollarsInput,
  formatPricePerM,
  maxRequestCostMicros,
  microsToDollarString,
  ratesFor,
  tierFor,
} from './money';

const sonnet: Prices = {
  inputPerM: 3,
  outputPerM: 15,
  cacheReadPerM: 0.3,
  cacheWritePerM: 3.75,
  cacheWrite1hPerM: 6,
  batchInputPerM: 1.5,
  batchOutputPerM: 7.5,
};

function usage(
  input: Partial<Usage['input']> = {},
  output: Partial<Usage['output']> = {},
  source: Usage['source'] = 'reported',
): Usage {
  return {
    input: { uncached: 0, cacheRead: 0, cacheWrite: 0, ...input },
    output: { text: 0, reasoning: 0, ...output },
    source,
  };
}

describe('computeCost', () => {
  it('prices each token type at its own price, to the micro-dollar', () => {
    const cases: Array<[Usage, number]> = [
      [usage({ uncached: 1000 }), 3000], // 1000 × $3/M
      [usage({ cacheRead: 2000 }), 600], // 2000 × $0.30/M
      [usage({ cacheWrite: 3000 }), 11250], // 3000 × $3.75/M
      [usage({ cacheWrite1h: 500 }), 3000], // 500 × $6/M
      [usage({}, { text: 400 }), 6000], // 400 × $15/M
      [usage({}, { reasoning: 600 }), 9000], // reasoning at the output price
    ];
    for (const [u, micros] of cases) expect(computeCost(u, sonnet).costMicros).toBe(micros);

    const all = computeCost(
      usage(
        { uncached: 1000, cacheRead: 2000, cacheWrite: 3000, cacheWrite1h: 500 },
        { text: 400, reasoning: 600 },
      ),
      sonnet,
    );
    expect(all.costMicros).toBe(32_850);
    expect(all.problems).toEqual([]);
    expect(all.breakdown.map((l) => [l.type, l.tokens, l.pricePerM, l.costPicos])).toEqual([
      ['input', 1000, 3, 3_000_000_000],
      ['cacheRead', 2000, 0.3, 600_000_000],
      ['cacheWrite', 3000, 3.75, 11_250_000_000],
      ['cacheWrite1h', 500, 6, 3_000_000_000],
      ['output', 400, 15, 6_000_000_000],
      ['reasoning', 600, 15, 9_000_000_000],
    ]);
  });

  it('uses a separate reasoning price when the model has one', () => {
    const prices: Prices = { inputPerM: 1, outputPerM: 2, reasoningPerM: 8 };
    expect(computeCost(usage({}, { text: 1000, reasoning: 1000 }), prices).costMicros).toBe(2000 + 8000);
  });

  it('sums the exact line costs and rounds once, half up', () => {
    // Three lines of 0.4 µ$ each: rounding each line would give 0; the exact total is 1.2 µ$.
    const tiny: Prices = { inputPerM: 0.4, outputPerM: 0.4, reasoningPerM: 0.4 };
    expect(computeCost(usage({ uncached: 1 }, { text: 1, reasoning: 1 }), tiny).costMicros).toBe(1);
    // 0.5 µ$ rounds up, 0.4999… does not.
    expect(computeCost(usage({ uncached: 1 }), { inputPerM: 0.5, outputPerM: 0 }).costMicros).toBe(1);
    expect(computeCost(usage({ uncached: 1 }), { inputPerM: 0.499999, outputPerM: 0 }).costMicros).toBe(0);
    // GPT-5 nano's cache reads at $0.005/M: 299 tokens are 1.495 µ$, 300 tokens 1.5 µ$.
    const nano: Prices = { inputPerM: 0.05, outputPerM: 0.4, cacheReadPerM: 0.005 };
    expect(computeCost(usage({ cacheRead: 299 }), nano).costMicros).toBe(1);
    expect(computeCost(usage({ cacheRead: 300 }), nano).costMicros).toBe(2);
  });

  it('matches an independent exact computation on random calls', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      // Prices drawn as whole micro-dollars per million, so the expected value is computed without floats.
      const micros = Array.from({ length: 6 }, () => random(80_000_000));
      const [inM, outM, readM, writeM, write1hM, reasonM] = micros as [
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      const prices: Prices = {
        inputPerM: inM / 1e6,
        outputPerM: outM / 1e6,
        cacheReadPerM: readM / 1e6,
        cacheWritePerM: writeM / 1e6,
        cacheWrite1hPerM: write1hM / 1e6,
        reasoningPerM: reasonM / 1e6,
      };
      const tokens = Array.from({ length: 6 }, () => random(2_000_000));
      const [a, b, c, d, e, f] = tokens as [number, number, number, number, number, number];
      const u = usage(
        { uncached: a, cacheRead: b, cacheWrite: c, cacheWrite1h: d },
        { text: e, reasoning: f },
      );
      const picos = [a * inM, b * readM, c * writeM, d * write1hM, e * outM, f * reasonM].reduce(
        (sum, x) => sum + BigInt(x),
        0n,
      );
      const expected = Number((picos + 500_000n) / 1_000_000n);
      expect(computeCost(u, prices).costMicros).toBe(expected);
    }
  });

  it('keeps an unknown price unknown, never $0', () => {
    const result = computeCost(usage({ uncached: 10 }, { text: 5 }), null);
    expect(result.costMicros).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unknown-prices' })]);
    expect(result.problems[0]?.message).toMatch(/Settings → Models/);
    expect(result.breakdown.every((l) => l.costPicos === null)).toBe(true);
  });

  it('makes the whole cost unknown when a used token type has no price, and says which', () => {
    const noCache: Prices = { inputPerM: 0.59, outputPerM: 0.79 };
    const result = computeCost(usage({ uncached: 100, cacheRead: 50 }, { text: 10 }), noCache);
    expect(result.costMicros).toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'missing-price', tokenType: 'cacheRead' }),
    ]);
    expect(result.problems[0]?.message).toContain('50 cache read tokens');
    // The priced lines are still shown.
    expect(result.breakdown.find((l) => l.type === 'input')?.costPicos).toBe(59_000_000);
    // Without cache reads the same prices are enough.
    expect(computeCost(usage({ uncached: 100 }, { text: 10 }), noCache).costMicros).toBe(67);
  });

  it('costs exactly 0 when no tokens were used, whatever the prices', () => {
    expect(computeCost(usage(), null)).toEqual({ costMicros: 0, tier: null, breakdown: [], problems: [] });
    expect(computeCost(usage(), sonnet).costMicros).toBe(0);
  });

  it('knows that a local model costs 0 rather than unknown', () => {
    const local: Prices = {
      inputPerM: 0,
      outputPerM: 0,
      cacheReadPerM: 0,
      cacheWritePerM: 0,
      cacheWrite1hPerM: 0,
    };
    expect(
      computeCost(usage({ uncached: 5000, cacheRead: 10 }, { text: 900, reasoning: 20 }), local).costMicros,
    ).toBe(0);
  });

  it('prices batch calls at batch prices, and cache tokens in a batch as unknown', () => {
    const u = usage({ uncached: 1_000_000 }, { text: 100_000 });
    expect(computeCost(u, sonnet, { mode: 'batch' }).costMicros).toBe(1_500_000 + 750_000);
    const withCache = computeCost(usage({ uncached: 10, cacheRead: 10 }), sonnet, { mode: 'batch' });
    expect(withCache.costMicros).toBeNull();
    expect(withCache.problems[0]).toMatchObject({ code: 'missing-price', tokenType: 'cacheRead' });
    expect(withCache.problems[0]?.message).toContain('batch cache read price');
    expect(computeCost(u, { inputPerM: 1, outputPerM: 1 }, { mode: 'batch' }).costMicros).toBeNull();
  });

  it('refuses token counts that are not whole numbers instead of guessing', () => {
    const bad = usage({ uncached: -3 }, { text: 1.5 });
    const result = computeCost(bad, sonnet);
    expect(result.costMicros).toBeNull();
    expect(result.problems.map((p) => [p.code, p.tokenType])).toEqual([
      ['invalid-usage', 'input'],
      ['invalid-usage', 'output'],
    ]);
  });

  it('stays exact for large calls', () => {
    const opus: Prices = { inputPerM: 15, outputPerM: 75 };
    expect(computeCost(usage({ uncached: 10_000_000 }, { text: 10_000_000 }), opus).costMicros).toBe(
      900_000_000,
    );
  });
});

/** GPT-6 Sol as genai-prices 0.1.8 has it: every rate doubles (output ×1.5) above 272,000 input tokens. */
const gpt6Sol: Prices = {
  inputPerM: 2,
  outputPerM: 10,
  cacheReadPerM: 0.2,
  cacheWritePerM: 2.5,
  tiers: [{ aboveInputTokens: 272_000, inputPerM: 4, outputPerM: 15, cacheReadPerM: 0.4, cacheWritePerM: 5 }],
};
/** Gemini 2.5 Pro: above 200,000 input tokens; its tier names no cache write price, which stays the base. */
const gemini25Pro: Prices = {
  inputPerM: 1.25,
  outputPerM: 10,
  cacheReadPerM: 0.125,
  tiers: [{ aboveInputTokens: 200_000, inputPerM: 2.5, outputPerM: 15, cacheReadPerM: 0.25 }],
};

/** The exact cost in micro-dollars, computed apart with BigInt from whole micro-dollar rates. */
function exactMicros(lines: Array<[tokens: number, microsPerM: number]>): number {
  const picos = lines.reduce((sum, [tokens, rate]) => sum + BigInt(tokens) * BigInt(rate), 0n);
  return Number((picos + 500_000n) / 1_000_000n);
}

describe('long-context tiers', () => {
  it('bills a request at the base rates up to the threshold and at the tier above it, to the micro-dollar', () => {
    const at = computeCost(usage({ uncached: 272_000 }, { text: 10_000 }), gpt6Sol);
    expect(at.tier).toBeNull();
    expect(at.costMicros).toBe(
      exactMicros([
        [272_000, 2_000_000],
        [10_000, 10_000_000],
      ]),
    );
    expect(at.costMicros).toBe(644_000);

    const above = computeCost(usage({ uncached: 272_001 }, { text: 10_000 }), gpt6Sol);
    expect(above.tier).toEqual({ aboveInputTokens: 272_000 });
    // Every token at the tier's rates, not only those past the threshold (the providers' cliff).
    expect(above.costMicros).toBe(
      exactMicros([
        [272_001, 4_000_000],
        [10_000, 15_000_000],
      ]),
    );
    expect(above.costMicros).toBe(1_238_004);
    expect(above.breakdown.map((l) => [l.type, l.pricePerM])).toEqual([
      ['input', 4],
      ['output', 15],
    ]);
  });

  it('decides the tier on all input: uncached, cache reads and cache writes together', () => {
    // 150,000 uncached + 100,000 read + 22,001 written = 272,001: the tier, for every line.
    const mixed = usage({ uncached: 150_000, cacheRead: 100_000, cacheWrite: 22_001 }, { reasoning: 3_333 });
    const result = computeCost(mixed, gpt6Sol);
    expect(result.tier).toEqual({ aboveInputTokens: 272_000 });
    expect(result.costMicros).toBe(
      exactMicros([
        [150_000, 4_000_000],
        [100_000, 400_000],
        [22_001, 5_000_000],
        [3_333, 15_000_000],
      ]),
    );
    // One token fewer of cache write: the base rates.
    const below = usage({ uncached: 150_000, cacheRead: 100_000, cacheWrite: 22_000 }, { reasoning: 3_333 });
    expect(computeCost(below, gpt6Sol)).toMatchObject({
      tier: null,
      costMicros: exactMicros([
        [150_000, 2_000_000],
        [100_000, 200_000],
        [22_000, 2_500_000],
        [3_333, 10_000_000],
      ]),
    });
  });

  it('keeps a rate the tier does not name at its base', () => {
    const rates = ratesFor({ ...gemini25Pro, cacheWritePerM: 1.625 }, 200_001).rates;
    expect(rates).toMatchObject({
      inputPerM: 2.5,
      outputPerM: 15,
      cacheReadPerM: 0.25,
      cacheWritePerM: 1.625,
    });
    expect(computeCost(usage({ uncached: 200_000 }, { text: 1 }), gemini25Pro).costMicros).toBe(
      exactMicros([
        [200_000, 1_250_000],
        [1, 10_000_000],
      ]),
    );
    expect(computeCost(usage({ uncached: 200_001 }, { text: 1 }), gemini25Pro).costMicros).toBe(
      exactMicros([
        [200_001, 2_500_000],
        [1, 15_000_000],
      ]),
    );
  });

  it('applies the highest threshold the input is above, whatever order the tiers are listed in', () => {
    const two: Prices = {
      inputPerM: 1,
      outputPerM: 1,
      tiers: [
        { aboveInputTokens: 500_000, inputPerM: 3 },
        { aboveInputTokens: 100_000, inputPerM: 2 },
      ],
    };
    expect(tierFor(two, 100_000)).toBeNull();
    expect(tierFor(two, 100_001)?.inputPerM).toBe(2);
    expect(tierFor(two, 500_001)?.inputPerM).toBe(3);
    expect(computeCost(usage({ uncached: 600_000 }), two).costMicros).toBe(1_800_000);
  });

  it('matches an independent BigInt computation on random calls around the threshold', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const base = Array.from({ length: 4 }, () => random(20_000_000));
      const tier = Array.from({ length: 4 }, () => random(40_000_000));
      const threshold = 1000 + random(300_000);
      const prices: Prices = {
        inputPerM: base[0]! / 1e6,
        outputPerM: base[1]! / 1e6,
        cacheReadPerM: base[2]! / 1e6,
        cacheWritePerM: base[3]! / 1e6,
        tiers: [
          {
            aboveInputTokens: threshold,
            inputPerM: tier[0]! / 1e6,
            outputPerM: tier[1]! / 1e6,
            cacheReadPerM: tier[2]! / 1e6,
            cacheWritePerM: tier[3]! / 1e6,
          },
        ],
      };
      // Inputs within a few tokens of the threshold, on both sides.
      const total = threshold - 3 + random(7);
      const read = random(total + 1);
      const write = random(total - read + 1);
      const uncached = total - read - write;
      const out = random(100_000);
      const rates = total > threshold ? tier : base;
      const expected = exactMicros([
        [uncached, rates[0]!],
        [read, rates[2]!],
        [write, rates[3]!],
        [out, rates[1]!],
      ]);
      const result = computeCost(
        usage({ uncached, cacheRead: read, cacheWrite: write }, { text: out }),
        prices,
      );
      expect(result.costMicros).toBe(expected);
      expect(result.tier).toEqual(total > threshold ? { aboveInputTokens: threshold } : null);
    }
  });
});

describe('maxRequestCostMicros', () => {
  it('reserves at the rates of the tier the input falls in', () => {
    // At the threshold: base rates, dearest input-side price is the cache write ($2.50/M).
    expect(maxRequestCostMicros(gpt6Sol, 272_000, 1_000)).toBe(
      exactMicros([
        [272_000, 2_500_000],
        [1_000, 10_000_000],
      ]),
    );
    // One token above: the tier's cache write ($5/M) and output ($15/M).
    expect(maxRequestCostMicros(gpt6Sol, 272_001, 1_000)).toBe(
      exactMicros([
        [272_001, 5_000_000],
        [1_000, 15_000_000],
      ]),
    );
  });

  it('prices input at the dearest input-side price and output at the dearest output-side price', () => {
    // 10,000 input tokens at the 1-hour cache write price ($6/M) + 1,000 output tokens at $15/M.
    expect(maxRequestCostMicros(sonnet, 10_000, 1_000)).toBe(60_000 + 15_000);
    expect(maxRequestCostMicros({ inputPerM: 1, outputPerM: 2, reasoningPerM: 8 }, 0, 1000)).toBe(8000);
  });

  it('rounds up, so a reservation never falls short', () => {
    expect(maxRequestCostMicros({ inputPerM: 0.1, outputPerM: 0.1 }, 1, 0)).toBe(1);
    expect(maxRequestCostMicros({ inputPerM: 0.1, outputPerM: 0.1 }, 0, 0)).toBe(0);
  });

  it('is unknown when the prices are', () => {
    expect(maxRequestCostMicros(null, 100, 100)).toBeNull();
    expect(maxRequestCostMicros(sonnet, 100, 100, { mode: 'batch' })).toBe(150 + 750);
    expect(maxRequestCostMicros({ inputPerM: 1, outputPerM: 1 }, 100, 100, { mode: 'batch' })).toBeNull();
  });
});

describe('formatting', () => {
  it('shows costs rounded once, with enough digits to say something, and unknown as unknown (never $0)', () => {
    expect(formatMicros(null)).toBe('unknown');
    expect(formatMicros(undefined)).toBe('unknown');
    expect(formatMicros(0)).toBe('$0.00');
    expect(formatMicros(1)).toBe('$0.000001');
    expect(formatMicros(45)).toBe('$0.000045');
    expect(formatMicros(99)).toBe('$0.000099');
    expect(formatMicros(4200)).toBe('$0.0042');
    expect(formatMicros(4250)).toBe('$0.00425');
    expect(formatMicros(10_000)).toBe('$0.01');
    expect(formatMicros(12_300)).toBe('$0.0123');
    expect(formatMicros(500_000)).toBe('$0.50');
    expect(formatMicros(123_456)).toBe('$0.1235');
    expect(formatMicros(999_949)).toBe('$0.9999');
    expect(formatMicros(999_950)).toBe('$1.00');
    expect(formatMicros(1_005_000)).toBe('$1.01');
    expect(formatMicros(12_345_678)).toBe('$12.35');
    expect(formatMicros(1_234_567_890)).toBe('$1,234.57');
    expect(formatMicros(-1)).toBe('-$0.000001');
  });

  it('says when a total is only a lower bound, and never shows unknown as $0', () => {
    expect(formatCostTotal({ costMicros: 1_230_000, unknownCostCalls: 0 })).toBe('$1.23');
    expect(formatCostTotal({ costMicros: 0, unknownCostCalls: 0 })).toBe('$0.00');
    expect(formatCostTotal({ costMicros: 1_230_000, unknownCostCalls: 2 })).toBe(
      'at least $1.23 (2 calls of unknown cost)',
    );
    expect(formatCostTotal({ costMicros: 4_200, unknownCostCalls: 7521 })).toBe(
      'at least $0.0042 (7,521 calls of unknown cost)',
    );
    expect(formatCostTotal({ costMicros: 0, unknownCostCalls: 1 })).toBe('unknown (1 call of unknown cost)');
    expect(formatCostTotal({ costMicros: 1_230_000, unknownCostCalls: 2 }, { short: true })).toBe(
      'at least $1.23',
    );
    expect(formatCostTotal({ costMicros: 0, unknownCostCalls: 1 }, { short: true })).toBe('unknown');
    expect(formatLowerBound(1_230_000, true)).toBe('at least $1.23');
    expect(formatLowerBound(0, true)).toBe('unknown');
    expect(formatLowerBound(0, false)).toBe('$0.00');
  });

  it('shows prices per million tokens', () => {
    expect(formatPricePerM(0.4)).toBe('$0.40/M');
    expect(formatPricePerM(0.075)).toBe('$0.075/M');
    expect(formatPricePerM(0.005)).toBe('$0.005/M');
    expect(formatPricePerM(15)).toBe('$15.00/M');
    expect(formatPricePerM(1.25)).toBe('$1.25/M');
    expect(formatPricePerM(0)).toBe('$0.00/M');
    expect(formatPricePerM(undefined)).toBe('unknown');
  });

  it('writes exact decimal dollars for exports', () => {
    expect(microsToDollarString(4200)).toBe('0.004200');
    expect(microsToDollarString(1_234_567_890)).toBe('1234.567890');
    expect(microsToDollarString(0)).toBe('0.000000');
  });
});

describe('typed dollar amounts', () => {
  it('read as exact micro-dollars, with or without a dollar sign and thousands separators', () => {
    expect(parseDollars('12.50')).toEqual({ micros: 12_500_000 });
    expect(parseDollars(' $5 ')).toEqual({ micros: 5_000_000 });
    expect(parseDollars('1,000')).toEqual({ micros: 1_000_000_000 });
    expect(parseDollars('0.000001')).toEqual({ micros: 1 });
    // 0.1 + 0.2 in floating point is not 0.3; typed amounts never go through a float.
    expect(parseDollars('0.3')).toEqual({ micros: 300_000 });
  });

  it('leave an empty field as no limit, and refuse what is not an amount with what to type', () => {
    expect(parseDollars('')).toEqual({ micros: null });
    expect(parseDollars('ten')).toEqual({ problem: 'Type an amount in dollars, such as 20 or 12.50.' });
    expect(parseDollars('-5')).toHaveProperty('problem');
    expect(parseDollars('1.0000001')).toHaveProperty('problem');
    expect(parseDollars('0')).toEqual({ micros: 0 });
    expect(parseDollars('99999999999')).toEqual({ problem: 'That amount is too large.' });
  });

  it('fill a field back with the same amount', () => {
    expect(dollarsInput(12_500_000)).toBe('12.5');
    expect(dollarsInput(20_000_000)).toBe('20');
    expect(dollarsInput(100_000_000)).toBe('100');
    expect(dollarsInput(1)).toBe('0.000001');
    expect(parseDollars(dollarsInput(123_456_789))).toEqual({ micros: 123_456_789 });
  });
});

describe('the certainty of a cut or malformed answer (issue 14): estimated is marked, unknown is never $0', () => {
  const usage = (input: number, output: number, source: Usage['source']): Usage => ({
    input: { uncached: input, cacheRead: 0, cacheWrite: 0 },
    output: { text: output, reasoning: 0 },
    source,
  });

  it('reads reported usage as reported, counted usage as estimated, nothing counted after a start as unknown', () => {
    expect(certaintyOf(usage(10, 5, 'reported'), true)).toBe('reported');
    expect(certaintyOf(usage(10, 5, 'estimated'), true)).toBe('estimated');
    expect(certaintyOf(usage(0, 3, 'partial'), false)).toBe('estimated');
    expect(certaintyOf(usage(0, 0, 'partial'), true)).toBe('unknown');
    expect(certaintyOf(usage(0, 0, 'estimated'), true)).toBe('unknown');
    // A call refused before anything was sent: nothing was billed, $0 is the truth.
    expect(certaintyOf(usage(0, 0, 'partial'), false)).toBe('reported');
    expect(certaintyOf(undefined, true)).toBe('reported');
  });

  it('marks an estimated cost with ≈ and never shows an unknown one as $0', () => {
    expect(formatCertainCost(1234, 'reported')).toBe('$0.001234');
    expect(formatCertainCost(1234, 'estimated')).toBe('≈$0.001234');
    expect(formatCertainCost(0, 'unknown')).toBe('unknown');
    expect(formatCertainCost(null, 'estimated')).toBe('unknown');
    expect(formatTokensInOut(1200, 40, 'estimated')).toBe('≈1,200 in · ≈40 out');
    expect(formatTokensInOut(0, 0, 'unknown')).toBe('tokens unknown');
    expect(formatTokensInOut(1200, 40, 'reported')).toBe('1,200 in · 40 out');
  });

  it('marks a total that holds estimates', () => {
    expect(formatCostTotal({ costMicros: 20_000, unknownCostCalls: 0, estimatedCalls: 1 })).toBe('≈$0.02');
    expect(
      formatCostTotal({ costMicros: 20_000, unknownCostCalls: 1, estimatedCalls: 1 }, { short: true }),
    ).toBe('at least ≈$0.02');
    expect(formatCostTotal({ costMicros: 20_000, unknownCostCalls: 0 })).toBe('$0.02');
  });
});

describe('addUsage: usage of several calls together, as sure as its least sure part', () => {
  const u = (source: 'reported' | 'estimated' | 'partial', n: number, hour?: number) => ({
    input: {
      uncached: n,
      cacheRead: 1,
      cacheWrite: 2,
      ...(hour === undefined ? {} : { cacheWrite1h: hour }),
    },
    output: { text: n, reasoning: 3 },
    source,
  });
  it('sums every count, 1-hour cache writes included when either has them', () => {
    expect(addUsage(u('reported', 10), u('reported', 5, 7))).toEqual({
      input: { uncached: 15, cacheRead: 2, cacheWrite: 4, cacheWrite1h: 7 },
      output: { text: 15, reasoning: 6 },
      source: 'reported',
    });
    expect(addUsage(u('reported', 1), u('reported', 1)).input).not.toHaveProperty('cacheWrite1h');
  });
  it('keeps the less sure source in either order', () => {
    expect(addUsage(u('reported', 1), u('partial', 1)).source).toBe('partial');
    expect(addUsage(u('partial', 1), u('reported', 1)).source).toBe('partial');
    expect(addUsage(u('estimated', 1), u('reported', 1)).source).toBe('estimated');
    expect(addUsage(u('partial', 1), u('estimated', 1)).source).toBe('estimated');
    expect(addUsage(u('estimated', 1), u('partial', 1)).source).toBe('estimated');
  });
});
