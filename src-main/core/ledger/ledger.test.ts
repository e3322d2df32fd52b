import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerRecordSchema } from '@contract/ledger';
import type { Prices } from '@contract/models';
import { Database } from '../storage/database';
import { aggregateRecords, Aggregates } from './aggregate';
import { Ledger, type LedgerEntry } from './ledger';

const ROOT = resolve(import.meta.dirname, '../../../');
const NODE = join(ROOT, 'node_modules/.bin/node');

const dirs: string[] = [];
const open: Database[] = [];

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-ledger-'));
  dirs.push(dir);
  return join(dir, 'modeldesk.db');
}

function database(path = tempPath()): Database {
  const db = new Database(path);
  open.push(db);
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sonnet: Prices = {
  inputPerM: 3,
  outputPerM: 15,
  cacheReadPerM: 0.3,
  cacheWritePerM: 3.75,
  cacheWrite1hPerM: 6,
};
const T0 = Date.UTC(2025, 10, 20, 12);

function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    ts: T0,
    requestId: 'req-1',
    attempt: 1,
    role: 'primary',
    conversationId: 'conv-1',
    messageId: 'msg-1',
    profileId: 'default',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    outcome: 'ok',
    usage: {
      input: { uncached: 1000, cacheRead: 2000, cacheWrite: 3000, cacheWrite1h: 500 },
      output: { text: 400, reasoning: 600 },
      source: 'reported',
    },
    prices: sonnet,
    ttftMs: 420,
    totalMs: 3100,
    ...overrides,
  };
}

describe('Ledger', () => {
  it('prices each record from its usage and price snapshot, and reads it back exactly', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    const record = ledger.append(entry());
    expect(record.costMicros).toBe(32_850);
    expect(record.purpose).toBe('chat');
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(LedgerRecordSchema.parse(record)).toEqual(record);
    expect(ledger.byMessage('msg-1')).toEqual([record]);
  });

  it('keeps unknown costs unknown, charges nothing for a cached answer, and records what it saved', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    const unknown = ledger.append(entry({ prices: null }));
    expect(unknown.costMicros).toBeNull();
    const cached = ledger.append(entry({ outcome: 'cached', savedMicros: 32_850 }));
    expect(cached).toMatchObject({ costMicros: 0, savedMicros: 32_850 });
    const failed = ledger.append(
      entry({
        outcome: 'error',
        errorKind: 'overloaded',
        usage: {
          ...entry().usage,
          input: { uncached: 0, cacheRead: 0, cacheWrite: 0 },
          output: { text: 0, reasoning: 0 },
        },
      }),
    );
    expect(failed.costMicros).toBe(0);
    expect(ledger.byConversation('conv-1').map((r) => r.costMicros)).toEqual([null, 0, 0]);
  });

  it('reads back an unknown saving as unknown (null), not as absent', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    ledger.append(entry({ id: 'unknown-saving', outcome: 'cached', savedMicros: null }));
    ledger.append(entry({ id: 'no-saving' }));
    const [unknown, none] = ledger.byConversation('conv-1');
    expect(unknown?.savedMicros).toBeNull();
    expect(none && 'savedMicros' in none).toBe(false);
  });

  it('uses the clock it is given for records without a time', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC', now: () => 1234 });
    const { ts: _ts, ...withoutTime } = entry();
    expect(ledger.append(withoutTime).ts).toBe(1234);
  });

  it('refuses an invalid record with the field at fault, and stores nothing', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    expect(() => ledger.append(entry({ attempt: 0 }))).toThrow(
      /refused a record that is not valid \(attempt: /,
    );
    expect(() => ledger.append({ ...entry(), outcome: 'lost' } as unknown as LedgerEntry)).toThrow(/outcome/);
    expect(() =>
      ledger.appendMany([entry({ id: 'a' }), entry({ id: 'b', provider: undefined as unknown as string })]),
    ).toThrow(/provider/);
    expect(ledger.count()).toBe(0);
  });

  it('never replaces a record: a repeated id is refused', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    ledger.append(entry({ id: 'rec-1' }));
    expect(() => ledger.append(entry({ id: 'rec-1', outcome: 'error' }))).toThrow(
      'The usage ledger already holds a record with id rec-1; records are never replaced.',
    );
    expect(ledger.byMessage('msg-1')).toHaveLength(1);
    expect(new Aggregates(ledger).totals(0, T0 + 1).requests).toBe(1);
  });

  it('is append-only: the database itself refuses UPDATE and DELETE', () => {
    const db = database();
    const ledger = new Ledger(db, { timeZone: 'UTC' });
    const record = ledger.append(entry());
    expect(() => db.run('UPDATE ledger_records SET cost_micros = 0')).toThrow(
      'The usage ledger is append-only: a record cannot be changed.',
    );
    expect(() => db.run('DELETE FROM ledger_records')).toThrow(
      'The usage ledger is append-only: a record cannot be deleted.',
    );
    expect(ledger.byMessage('msg-1')).toEqual([record]);
  });

  it('answers by conversation, message, batch job, request and time range', () => {
    const ledger = new Ledger(database(), { timeZone: 'UTC' });
    const a = ledger.append(
      entry({ ts: T0, requestId: 'r1', messageId: 'm1', outcome: 'error', errorKind: 'rate_limit' }),
    );
    const b = ledger.append(
      entry({ ts: T0 + 10, requestId: 'r1', attempt: 2, role: 'retry', messageId: 'm1' }),
    );
    const c = ledger.append(
      entry({ ts: T0 + 20, requestId: 'r2', conversationId: 'conv-2', messageId: 'm2' }),
    );
    const { conversationId: _c, messageId: _m, ...noConversation } = entry();
    const d = ledger.append({
      ...noConversation,
      ts: T0 + 30,
      requestId: 'r3',
      purpose: 'batch',
      batchJobId: 'job-1',
      batchItemId: 'i1',
    });
    expect(ledger.byConversation('conv-1')).toEqual([a, b]);
    expect(ledger.byMessage('m1')).toEqual([a, b]);
    expect(ledger.byRequest('r1')).toEqual([a, b]);
    expect(ledger.byBatchJob('job-1')).toEqual([d]);
    expect(ledger.inRange(T0 + 10, T0 + 30)).toEqual([b, c]);
    expect(ledger.inRange(T0 + 30, T0 + 30)).toEqual([]);
    expect([...ledger.all()]).toEqual([a, b, c, d]);
  });

  it('keeps its records across a reopen, without running its migration twice', () => {
    const path = tempPath();
    const first = database(path);
    const record = new Ledger(first, { timeZone: 'UTC' }).append(entry());
    first.close();
    const again = new Ledger(database(path), { timeZone: 'UTC' });
    expect(again.byMessage('msg-1')).toEqual([record]);
    expect(again.count()).toBe(1);
  });

  it('rebuilds its daily rollups when the time zone changes, so days stay local', () => {
    const path = tempPath();
    const db = database(path);
    const utc = new Ledger(db, { timeZone: 'UTC' });
    // 02:00 UTC on 21 November is still 20 November in New York.
    utc.append(entry({ ts: Date.UTC(2025, 10, 21, 2), id: 'late' }));
    utc.append(entry({ ts: Date.UTC(2025, 10, 21, 12), id: 'noon', requestId: 'req-2' }));
    const query = {
      from: Date.UTC(2025, 10, 1),
      to: Date.UTC(2025, 11, 1),
      groupBy: 'bucket' as const,
      bucket: 'day' as const,
    };
    expect(new Aggregates(utc).aggregate(query).map((r) => [r.key, r.requests])).toEqual([['2025-11-21', 2]]);
    db.close();

    const newYork = new Ledger(database(path), { timeZone: 'America/New_York' });
    const rows = new Aggregates(newYork).aggregate(query);
    expect(rows.map((r) => [r.key, r.requests])).toEqual([
      ['2025-11-20', 1],
      ['2025-11-21', 1],
    ]);
    expect(rows).toEqual(
      aggregateRecords(newYork.inRange(query.from, query.to), 'bucket', { calendar: newYork.calendar }),
    );
  });

  it('rebuilds rollups that disagree with the records, as after a database recovery that salvaged only records', () => {
    const path = tempPath();
    const db = database(path);
    const ledger = new Ledger(db, { timeZone: 'UTC' });
    ledger.append(entry({ id: 'one' }));
    ledger.append(entry({ id: 'two', requestId: 'req-2', ts: T0 + 86_400_000 }));
    db.run('DELETE FROM ledger_rollup_day');
    db.run("DELETE FROM ledger_rollup_month WHERE dim = 'model'");
    db.close();

    const reopened = new Ledger(database(path), { timeZone: 'UTC' });
    const aggregates = new Aggregates(reopened);
    for (const groupBy of ['bucket', 'model'] as const) {
      const query = { from: T0 - 86_400_000 * 40, to: T0 + 86_400_000 * 40, groupBy };
      expect(aggregates.aggregate(query)).toEqual(
        aggregateRecords([...reopened.all()], groupBy, { calendar: reopened.calendar }),
      );
    }
    expect(aggregates.totals(0, T0 + 86_400_000 * 40).requests).toBe(2);
  });

  it('loses no committed record when its process is killed in the middle of appending', async () => {
    const path = tempPath();
    const child = spawn(
      NODE,
      [
        '--import',
        join(import.meta.dirname, 'testing/resolve-ts.mjs'),
        join(import.meta.dirname, 'testing/append-until-killed.ts'),
        path,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const committed: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      committed.push(...lines);
      if (committed.length >= 500 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((done) =>
      child.on('close', (_code, sig) => done(sig)),
    );
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(committed.length).toBeGreaterThanOrEqual(500);

    const db = database(path);
    expect(db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check).toBe('ok');
    const ledger = new Ledger(db, { timeZone: 'UTC' });
    const stored = [...ledger.all()];
    const ids = new Set(stored.map((r) => r.id));
    const lost = committed.filter((id) => !ids.has(id));
    expect(lost).toEqual([]);
    // Each stored record is whole, and the rollups written in the same transactions agree with the records.
    for (const record of stored) expect(LedgerRecordSchema.parse(record)).toEqual(record);
    const now = Date.now() + 60_000;
    const fast = new Aggregates(ledger).aggregate({ from: 0, to: now, groupBy: 'conversation' });
    expect(fast).toEqual(aggregateRecords(stored, 'conversation', { calendar: ledger.calendar }));
    console.log(
      `crash test: ${committed.length} appends reported committed before SIGKILL, ${stored.length} stored, none lost`,
    );
  });
});
