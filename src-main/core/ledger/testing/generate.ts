/**
 * A generated ledger for tests and the benchmark: deterministic (seeded), with every path a real one has —
 * plain answers, retries, fallbacks, requests that failed outright, cached answers, aborted and interrupted
 * streams, models with unknown prices, batch calls outside conversations, summaries — priced from the catalogue.
 */
import type { ModelInfo } from '@contract/models';
import type { ErrorKind, Usage } from '@contract/usage';
import type { LedgerEntry } from '../ledger';

export type GenerateOptions = {
  seed: number;
  requests: number;
  conversations: number;
  from: number;
  to: number;
  /** Models to use; those with `prices: null` make unknown costs. */
  models: ModelInfo[];
};

/** mulberry32: a small seeded PRNG (also for other tests that want the same input on every run). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Scenario =
  'ok' | 'retry' | 'fallback' | 'failed' | 'cached' | 'aborted' | 'interrupted' | 'batch' | 'summary';

const SCENARIOS: Array<[Scenario, number]> = [
  ['ok', 50],
  ['retry', 10],
  ['fallback', 8],
  ['failed', 4],
  ['cached', 8],
  ['aborted', 5],
  ['interrupted', 4],
  ['batch', 8],
  ['summary', 3],
];

const PROFILES = ['default', 'fast', 'auto', 'vision', undefined];

export function generateLedger(options: GenerateOptions): LedgerEntry[] {
  const rnd = random(options.seed);
  const int = (max: number) => Math.floor(rnd() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const weightTotal = SCENARIOS.reduce((sum, [, w]) => sum + w, 0);
  const scenario = (): Scenario => {
    let roll = rnd() * weightTotal;
    for (const [name, weight] of SCENARIOS) {
      roll -= weight;
      if (roll < 0) return name;
    }
    return 'ok';
  };
  const usage = (source: Usage['source'] = 'reported'): Usage => {
    const u: Usage = {
      input: {
        uncached: 50 + int(20_000),
        cacheRead: rnd() < 0.4 ? int(50_000) : 0,
        cacheWrite: rnd() < 0.2 ? int(8000) : 0,
      },
      output: { text: 1 + int(3000), reasoning: rnd() < 0.3 ? int(4000) : 0 },
      source,
    };
    if (rnd() < 0.1) u.input.cacheWrite1h = int(4000);
    return u;
  };
  const noUsage = (): Usage => ({
    input: { uncached: 0, cacheRead: 0, cacheWrite: 0 },
    output: { text: 0, reasoning: 0 },
    source: 'reported',
  });

  const entries: LedgerEntry[] = [];
  const span = options.to - options.from;
  const step = span / options.requests;
  for (let n = 0; n < options.requests; n++) {
    let ts = options.from + Math.floor(n * step + rnd() * step * 0.5);
    const kind = scenario();
    const conversationId = kind === 'batch' ? undefined : `conv-${int(options.conversations)}`;
    const requestId = `req-${n}`;
    const messageId = conversationId ? `msg-${n}` : undefined;
    const profileId = kind === 'batch' ? undefined : pick(PROFILES);
    const chain = [pick(options.models), pick(options.models), pick(options.models)];
    let attempt = 0;
    const add = (
      model: ModelInfo,
      role: LedgerEntry['role'],
      outcome: LedgerEntry['outcome'],
      u: Usage,
      extra: Partial<LedgerEntry> = {},
    ) => {
      attempt += 1;
      ts = Math.min(options.to - 1, ts + int(4000));
      const entry: LedgerEntry = {
        ts,
        requestId,
        attempt,
        role,
        purpose: kind === 'batch' ? 'batch' : kind === 'summary' ? 'summary' : 'chat',
        provider: model.provider,
        model: model.model,
        outcome,
        usage: u,
        prices: model.prices,
        ttftMs: 100 + int(2000),
        totalMs: 500 + int(20_000),
        ...extra,
      };
      if (conversationId !== undefined) entry.conversationId = conversationId;
      if (messageId !== undefined) entry.messageId = messageId;
      if (profileId !== undefined) entry.profileId = profileId;
      if (kind === 'batch') {
        entry.batchJobId = `job-${int(5)}`;
        entry.batchItemId = `item-${n}`;
      }
      entries.push(entry);
    };
    const error = (errorKind: ErrorKind) => ({ errorKind, reason: `${errorKind} from the provider` });
    const [first, second, third] = chain as [ModelInfo, ModelInfo, ModelInfo];
    switch (kind) {
      case 'ok':
      case 'batch':
        add(first, 'primary', 'ok', usage());
        break;
      case 'summary':
        add(first, 'summary', 'ok', usage());
        break;
      case 'retry':
        add(first, 'primary', 'error', noUsage(), error('rate_limit'));
        add(first, 'retry', 'ok', usage());
        break;
      case 'fallback':
        add(first, 'primary', 'error', noUsage(), error('overloaded'));
        add(first, 'retry', 'error', noUsage(), error('overloaded'));
        add(second, 'fallback', 'ok', usage(), { reason: `${first.id} overloaded after 2 attempts` });
        break;
      case 'failed':
        // A timeout after the provider had read the prompt still bills its input.
        add(
          first,
          'primary',
          'error',
          { ...noUsage(), input: { uncached: 1 + int(5000), cacheRead: 0, cacheWrite: 0 } },
          error('timeout'),
        );
        add(second, 'fallback', 'error', noUsage(), error('server'));
        add(third, 'fallback', 'error', noUsage(), error('connection'));
        break;
      case 'cached':
        add(first, 'primary', 'cached', noUsage(), { savedMicros: rnd() < 0.1 ? null : int(50_000) });
        break;
      case 'aborted':
        add(first, 'primary', 'aborted', usage('partial'), { errorKind: 'aborted' });
        break;
      case 'interrupted':
        add(first, 'primary', 'interrupted', usage('partial'), error('connection'));
        break;
    }
  }
  return entries;
}
