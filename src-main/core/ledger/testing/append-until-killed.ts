/**
 * Child process of the crash-safety test: appends ledger records as fast as it can and, after each append has
 * returned (its transaction committed), writes the record's id to stdout, until it is killed. The id is written
 * with a blocking write(2): this loop never yields, so writes queued by `process.stdout` would never be flushed.
 * Usage: node --import ./resolve-ts.mjs append-until-killed.ts <database path>
 */
import { writeSync } from 'node:fs';
import { Database } from '../../storage/database';
import { exitWhenOrphaned } from '../../storage/testing/orphan-guard';
import { Ledger } from '../ledger';

const path = process.argv[2];
if (!path) throw new Error('Give the database path as the first argument.');
const ledger = new Ledger(new Database(path), { timeZone: 'UTC' });
// The loop never yields: it ends itself if the test process that started it is gone.
const stillWanted = exitWhenOrphaned();
for (let n = 0; ; n++) {
  stillWanted();
  const record = ledger.append({
    requestId: `req-${n}`,
    attempt: 1,
    role: 'primary',
    conversationId: `conv-${n % 7}`,
    messageId: `msg-${n}`,
    provider: 'openai',
    model: 'gpt-4.1-mini',
    outcome: n % 10 === 0 ? 'error' : 'ok',
    usage: {
      input: { uncached: 100 + n, cacheRead: n % 3 === 0 ? 50 : 0, cacheWrite: 0 },
      output: { text: 20 + (n % 50), reasoning: 0 },
      source: 'reported',
    },
    prices: { inputPerM: 0.4, outputPerM: 1.6, cacheReadPerM: 0.1 },
  });
  writeSync(1, `${record.id}\n`);
}
