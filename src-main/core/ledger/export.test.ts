import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerRecordSchema } from '@contract/ledger';
import { Database } from '../storage/database';
import { exportLedger } from './export';
import { Ledger, type LedgerEntry } from './ledger';

let dir: string;
let db: Database;
let ledger: Ledger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-export-'));
  db = new Database(join(dir, 'modeldesk.db'));
  ledger = new Ledger(db, { timeZone: 'UTC' });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const base: LedgerEntry = {
  ts: Date.UTC(2025, 10, 3, 9, 30),
  requestId: 'req-1',
  attempt: 1,
  role: 'primary',
  conversationId: 'conv-1',
  messageId: 'msg-1',
  provider: 'openai',
  model: 'gpt-4.1-mini',
  outcome: 'ok',
  usage: {
    input: { uncached: 10_500, cacheRead: 0, cacheWrite: 0 },
    output: { text: 600, reasoning: 0 },
    source: 'reported',
  },
  prices: { inputPerM: 0.4, outputPerM: 1.6, cacheReadPerM: 0.1 },
};

function fill(): void {
  ledger.append(base);
  ledger.append({
    ...base,
    ts: base.ts! + 1000,
    requestId: 'req-2',
    prices: null,
    reason: '=HYPERLINK("http://x")',
  });
  ledger.append({
    ...base,
    ts: Date.UTC(2025, 10, 9),
    requestId: 'req-3',
    outcome: 'cached',
    savedMicros: 5160,
  });
}

describe('exportLedger', () => {
  it('writes CSV a spreadsheet reads safely, with unknown costs as "unknown"', () => {
    fill();
    const file = exportLedger(ledger, { format: 'csv' });
    expect(file.filename).toBe('modeldesk-ledger-all.csv');
    expect(file.mediaType).toBe('text/csv');
    const parsed = Papa.parse<Record<string, string>>(file.content.trim(), { header: true });
    expect(parsed.errors).toEqual([]);
    const [known, unknown, cached] = parsed.data;
    // 10,500 × $0.40/M + 600 × $1.60/M = 4,200 + 960 µ$.
    expect(known).toMatchObject({
      cost_micros: '5160',
      cost_usd: '0.005160',
      time: '2025-11-03T09:30:00.000Z',
    });
    expect(unknown).toMatchObject({
      cost_micros: 'unknown',
      cost_usd: 'unknown',
      price_input_per_m: 'unknown',
    });
    expect(unknown?.reason).toBe('\'=HYPERLINK("http://x")');
    expect(cached).toMatchObject({ outcome: 'cached', cost_micros: '0', saved_micros: '5160' });
  });

  it('writes JSON holding the records exactly as stored', () => {
    fill();
    const file = exportLedger(ledger, { format: 'json' });
    expect(file.mediaType).toBe('application/json');
    const document = JSON.parse(file.content) as { format: string; version: number; records: unknown[] };
    expect(document).toMatchObject({ format: 'modeldesk-ledger', version: 1 });
    expect(document.records.map((r) => LedgerRecordSchema.parse(r))).toEqual([...ledger.all()]);
  });

  it('exports a time range and names the file after it', () => {
    fill();
    const file = exportLedger(ledger, {
      format: 'json',
      from: Date.UTC(2025, 10, 1),
      to: Date.UTC(2025, 10, 5),
    });
    expect(file.filename).toBe('modeldesk-ledger-2025-11-01_2025-11-04.json');
    expect((JSON.parse(file.content) as { records: unknown[] }).records).toHaveLength(2);
    expect(exportLedger(ledger, { format: 'csv', from: Date.UTC(2025, 10, 5) }).filename).toBe(
      'modeldesk-ledger-2025-11-05_now.csv',
    );
  });
});
