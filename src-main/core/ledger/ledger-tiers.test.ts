/**
 * The ledger records which long-context tier a call was billed at (migration v3), prices it exactly on both sides
 * of the threshold, and keeps older records (written before tiers were recorded) as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Prices } from '@contract/models';
import { Database } from '../storage/database';
import { exportLedger } from './export';
import { Ledger, type LedgerEntry } from './ledger';

const dirs: string[] = [];
const open: Database[] = [];

function database(path: string): Database {
  const db = new Database(path);
  open.push(db);
  return db;
}

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-ledger-tiers-'));
  dirs.push(dir);
  return join(dir, 'modeldesk.db');
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** GPT-6 Sol in the generated catalogue: doubled input and cache rates, output ×1.5, above 272,000 input tokens. */
const gpt6Sol: Prices = {
  inputPerM: 2,
  outputPerM: 10,
  cacheReadPerM: 0.2,
  cacheWritePerM: 2.5,
  tiers: [{ aboveInputTokens: 272_000, inputPerM: 4, outputPerM: 15, cacheReadPerM: 0.4, cacheWritePerM: 5 }],
};

function entry(uncached: number, cacheRead = 0, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    ts: Date.UTC(2026, 11, 7, 12),
    requestId: `req-${uncached}-${cacheRead}`,
    attempt: 1,
    role: 'primary',
    provider: 'openai',
    model: 'gpt-6-sol',
    outcome: 'ok',
    usage: {
      input: { uncached, cacheRead, cacheWrite: 0 },
      output: { text: 2_000, reasoning: 0 },
      source: 'reported',
    },
    prices: gpt6Sol,
    ...overrides,
  };
}

function exact(lines: Array<[number, number]>): number {
  const picos = lines.reduce((sum, [tokens, microsPerM]) => sum + BigInt(tokens) * BigInt(microsPerM), 0n);
  return Number((picos + 500_000n) / 1_000_000n);
}

describe('the ledger and long-context tiers', () => {
  it('records the tier that applied and the exact cost on both sides of the threshold', () => {
    const ledger = new Ledger(database(tempPath()));
    const below = ledger.append(entry(200_000, 72_000));
    const above = ledger.append(entry(200_000, 72_001));
    expect(below.priceTier).toBeNull();
    expect(below.costMicros).toBe(
      exact([
        [200_000, 2_000_000],
        [72_000, 200_000],
        [2_000, 10_000_000],
      ]),
    );
    expect(above.priceTier).toBe(272_000);
    expect(above.costMicros).toBe(
      exact([
        [200_000, 4_000_000],
        [72_001, 400_000],
        [2_000, 15_000_000],
      ]),
    );
    // As stored and read back.
    const stored = ledger.byRequest(above.requestId)[0];
    expect(stored).toMatchObject({ priceTier: 272_000, costMicros: above.costMicros });
    expect(ledger.byRequest(below.requestId)[0]?.priceTier).toBeNull();
  });

  it('exports the tier and the rates billed', () => {
    const ledger = new Ledger(database(tempPath()));
    ledger.append(entry(300_000));
    const csv = exportLedger(ledger, { format: 'csv' }).content;
    const [header, row] = csv.trim().split(/\r?\n/);
    const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]]));
    expect(cells.price_tier_above_input_tokens).toBe('272000');
    expect(cells.price_input_per_m).toBe('4');
    expect(cells.price_output_per_m).toBe('15');
    expect(cells.cost_micros).toBe(
      String(
        exact([
          [300_000, 4_000_000],
          [2_000, 15_000_000],
        ]),
      ),
    );
  });

  it('migrates a ledger written before tiers: old records keep their cost and read back with no tier recorded', () => {
    const path = tempPath();
    const old = database(path);
    // A ledger at schema version 2, as the previous release left it, with one record.
    new Ledger(old).append(entry(1000));
    old.raw.exec('ALTER TABLE ledger_records DROP COLUMN price_tier');
    old.run("UPDATE schema_versions SET version = 2 WHERE area = 'ledger'");
    old.close();
    open.splice(open.indexOf(old), 1);

    const ledger = new Ledger(database(path));
    const [record] = [...ledger.all()];
    expect(record).toBeDefined();
    expect(record!.priceTier).toBeUndefined();
    expect(record!.costMicros).toBe(
      exact([
        [1000, 2_000_000],
        [2_000, 10_000_000],
      ]),
    );
    const fresh = ledger.append(entry(300_000));
    expect(ledger.byRequest(fresh.requestId)[0]?.priceTier).toBe(272_000);
    // Append-only still: the migration changed no record and nothing may.
    expect(() => ledger.db.run('UPDATE ledger_records SET cost_micros = 0')).toThrow(/append-only/);
  });
});
