import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Budgets } from '@contract/ledger';
import { maxRequestCostMicros } from '@contract/money';
import { ProviderError } from '../providers/errors';
import { Database } from '../storage/database';
import { Aggregates } from './aggregate';
import { BudgetGuard } from './budgets';
import { Ledger } from './ledger';

const NOW = Date.UTC(2025, 10, 20, 12);
/** $1 per million input tokens, so N uncached input tokens cost exactly N micro-dollars. */
const ONE_MICRO_PER_TOKEN = { inputPerM: 1, outputPerM: 1 };

let dir: string;
let db: Database;
let ledger: Ledger;
let budgets: Budgets;
let clock: number;
let guard: BudgetGuard;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-budgets-'));
  db = new Database(join(dir, 'modeldesk.db'));
  clock = NOW;
  ledger = new Ledger(db, { timeZone: 'UTC', now: () => clock });
  budgets = { monthlyMicros: 1_000_000, warnAtPercent: 80 };
  guard = new BudgetGuard(
    new Aggregates(ledger),
    () => budgets,
    () => clock,
  );
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let requests = 0;
function spend(micros: number, conversationId = 'conv-1', ts = clock): void {
  requests += 1;
  ledger.append({
    ts,
    requestId: `req-${requests}`,
    attempt: 1,
    role: 'primary',
    conversationId,
    messageId: `msg-${requests}`,
    provider: 'openai',
    model: 'gpt-4.1',
    outcome: 'ok',
    usage: {
      input: { uncached: micros, cacheRead: 0, cacheWrite: 0 },
      output: { text: 0, reasoning: 0 },
      source: 'reported',
    },
    prices: ONE_MICRO_PER_TOKEN,
  });
}

function refusal(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the budget to refuse');
}

describe('BudgetGuard status', () => {
  it('reports ok, then warning at the chosen percentage, then exceeded at 100 %', () => {
    spend(500_000);
    expect(guard.status()).toEqual([
      {
        scope: 'monthly',
        limitMicros: 1_000_000,
        spentMicros: 500_000,
        reservedMicros: 0,
        warnAtPercent: 80,
        state: 'ok',
      },
    ]);
    spend(300_000);
    expect(guard.status()[0]).toMatchObject({ spentMicros: 800_000, state: 'warning' });
    spend(200_000);
    expect(guard.status()[0]).toMatchObject({ spentMicros: 1_000_000, state: 'exceeded' });
  });

  it('counts only this calendar month, and only known costs', () => {
    spend(900_000, 'conv-1', Date.UTC(2025, 9, 31, 23, 59));
    ledger.append({
      ts: NOW,
      requestId: 'unknown',
      attempt: 1,
      role: 'primary',
      provider: 'openrouter',
      model: 'mystery',
      outcome: 'ok',
      usage: {
        input: { uncached: 5000, cacheRead: 0, cacheWrite: 0 },
        output: { text: 10, reasoning: 0 },
        source: 'reported',
      },
      prices: null,
    });
    spend(100_000);
    expect(guard.status()[0]).toMatchObject({ spentMicros: 100_000, state: 'ok' });
  });

  it('shows the conversation budget beside the monthly one when a conversation is given', () => {
    budgets = { monthlyMicros: 1_000_000, perConversationMicros: 100_000, warnAtPercent: 50 };
    spend(60_000, 'conv-a');
    spend(10_000, 'conv-b');
    expect(guard.status('conv-a').map((s) => [s.scope, s.spentMicros, s.state])).toEqual([
      ['monthly', 70_000, 'ok'],
      ['conversation', 60_000, 'warning'],
    ]);
    expect(guard.status().map((s) => s.scope)).toEqual(['monthly']);
  });
});

describe('BudgetGuard.reserve', () => {
  it('refuses at 100 % with a budget error that says what to do', () => {
    spend(1_000_000);
    const error = refusal(() => guard.reserve({ maxCostMicros: 1500 }));
    expect(error.kind).toBe('budget');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('The monthly budget of $1.00 is used up ($1.00 spent).');
    expect(error.action).toBe('Raise the budget in Costs → Budgets, or let calls through for now.');
  });

  it('refuses a call that could pass the limit, saying how much is left', () => {
    spend(990_000);
    const error = refusal(() => guard.reserve({ maxCostMicros: 15_000 }));
    expect(error.message).toBe(
      'This call could cost up to $0.015, more than the $0.01 left of the monthly budget of $1.00 ($0.99 spent).',
    );
    expect(error.action).toMatch(/answer-length limit/);
    expect(guard.reserve({ maxCostMicros: 10_000 }).amountMicros).toBe(10_000);
  });

  it('lets calls through while the user overrides, and refuses again when the override ends', () => {
    spend(1_000_000);
    budgets = { ...budgets, overrideUntil: NOW + 3_600_000 };
    const reservation = guard.reserve({ maxCostMicros: 5000 });
    expect(reservation.warnings.map((w) => w.state)).toEqual(['exceeded']);
    reservation.settle();
    clock = NOW + 3_600_001;
    expect(refusal(() => guard.reserve({ maxCostMicros: 5000 })).kind).toBe('budget');
  });

  it('holds each conversation to its own budget', () => {
    budgets = { perConversationMicros: 50_000, warnAtPercent: 80 };
    spend(50_000, 'conv-a');
    expect(refusal(() => guard.reserve({ conversationId: 'conv-a', maxCostMicros: 1 })).message).toBe(
      "This conversation's budget of $0.05 is used up ($0.05 spent).",
    );
    expect(guard.reserve({ conversationId: 'conv-b', maxCostMicros: 40_000 }).warnings).toEqual([
      expect.objectContaining({ scope: 'conversation', reservedMicros: 40_000, state: 'warning' }),
    ]);
  });

  it('lets a known-free call through at 100 %, and an unknown-priced one only below 100 %', () => {
    spend(999_000);
    const unknown = guard.reserve({ maxCostMicros: null });
    expect(unknown).toMatchObject({ costUnknown: true, amountMicros: 0 });
    unknown.settle();
    spend(1_000);
    expect(guard.reserve({ maxCostMicros: 0 }).amountMicros).toBe(0);
    expect(refusal(() => guard.reserve({ maxCostMicros: null })).message).toMatch(
      /used up .*This model's price is unknown, so the call could cost anything\./,
    );
  });

  it('counts what calls in progress hold, and lets it go when they settle', () => {
    const first = guard.reserve({ maxCostMicros: 600_000 });
    expect(guard.status()[0]).toMatchObject({ reservedMicros: 600_000, state: 'ok' });
    const error = refusal(() => guard.reserve({ maxCostMicros: 500_000 }));
    expect(error.message).toContain('$0.60 held by calls in progress');
    spend(450_000);
    expect(first.settle(450_000)).toBe(0);
    expect(guard.status()[0]).toMatchObject({ spentMicros: 450_000, reservedMicros: 0 });
    expect(guard.reserve({ maxCostMicros: 500_000 }).settle(520_000)).toBe(20_000);
  });

  it('keeps parallel calls from overshooting the budget together', async () => {
    // 40 calls run at once, each able to cost up to $0.10 and really costing $0.06–$0.10, against $1.00.
    const maxCost = maxRequestCostMicros(ONE_MICRO_PER_TOKEN, 50_000, 50_000)!;
    expect(maxCost).toBe(100_000);
    let seed = 3;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    const actual = Array.from({ length: 40 }, () => 60_000 + (next() % 40_001));
    expect(actual.reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000_000);

    const yieldTurns = async (turns: number) => {
      for (let i = 0; i < turns; i++) await new Promise<void>((done) => setImmediate(done));
    };
    let refused = 0;
    let answered = 0;
    let highest = 0;
    await Promise.all(
      actual.map(async (cost, i) => {
        await yieldTurns(next() % 5);
        let reservation;
        try {
          reservation = guard.reserve({ maxCostMicros: maxCost });
        } catch (error) {
          expect((error as ProviderError).kind).toBe('budget');
          refused += 1;
          return;
        }
        await yieldTurns(1 + (next() % 20)); // the provider call
        spend(cost, `conv-${i % 3}`);
        highest = Math.max(highest, guard.status()[0]!.spentMicros);
        reservation.settle(cost);
        answered += 1;
      }),
    );
    const spent = guard.status()[0]!.spentMicros;
    expect(answered + refused).toBe(40);
    expect(refused).toBeGreaterThan(0);
    expect(answered).toBeGreaterThanOrEqual(10);
    expect(spent).toBeLessThanOrEqual(1_000_000);
    expect(highest).toBeLessThanOrEqual(1_000_000);
  });
});
