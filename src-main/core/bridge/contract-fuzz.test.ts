/**
 * Every call of the bridge contract, fuzzed against the real core (SQLite in a real data folder, the vault, the
 * pipeline and the official SDKs talking to the provider emulator over HTTP), with inputs generated from the
 * contract's own schemas: valid ones (often naming things that exist), boundary ones and hostile ones. For each
 * call and input:
 * - it answers, with a result the contract's output schema accepts, or an error of a known kind whose texts are
 *   bounded;
 * - it costs less than a second of CPU (so it cannot hold the event loop for a second), and the host keeps
 *   answering;
 * - a call that fails changes nothing stored (database, settings, attachments).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, calls, type BridgeResult, type CallName } from '@contract/bridge';
import { ErrorKindSchema } from '@contract/usage';
import { emulatorEnvironment, startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { createAppCore, type AppCore } from '../app-core';
import { pngBytes } from '../storage/testing/fixtures';
import { BROKEN_SERVER } from '../tools/testing/servers';
import { hostileOf, jsonSchemaOf, validOf } from './testing/contract-arbitraries';

const CLIENT = 'fuzz-window';
/** Runs per call: a third valid, a third at the boundaries, a third hostile. */
const RUNS = Number(process.env.MODELDESK_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.MODELDESK_FUZZ_SEED ?? 20261207);
/** Wall time an answer may take (generous: the machine may be busy; a hang never answers). */
const ANSWER_WITHIN_MS = 15_000;
/** CPU time one call may cost: the event loop can be held at most this long by it, whatever the machine's load. */
const CPU_AT_MOST_MS = 1_000;

let emulator: Emulator;
let dataDir: string;
let core: AppCore;
let lastEventAt = 0;
/** Only the seeded tool server may run: generated commands and addresses are never allowed to start. */
let allowToolServers = true;
const known: string[] = [];

const dispatch = (name: string, input: unknown) =>
  core.router.dispatch(name, input, { clientId: CLIENT }) as Promise<BridgeResult<unknown>>;

async function must<T>(name: CallName, input: unknown): Promise<T> {
  const result = await dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

/** Waits until the core has sent no event for a while: streams and batch runs started by a call are over. */
async function settled(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (Date.now() - lastEventAt > 80) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything stored: every table's rows, the settings file, the attachment files. */
function snapshot(): string {
  const db = new DatabaseSync(join(dataDir, 'modeldesk.db'), { readOnly: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      hash.update(name);
      for (const row of db.prepare(`SELECT * FROM "${name}"`).all()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? [...v].join() : v)));
      }
    }
    let settings = '';
    try {
      settings = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    } catch {
      settings = '(none)';
    }
    hash.update(settings);
    let files: string[] = [];
    try {
      files = readdirSync(join(dataDir, 'attachments'), { recursive: true }).map(String).sort();
    } catch {
      files = [];
    }
    hash.update(files.join('\n'));
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-fuzz-'));
  core = await createAppCore({
    host: 'web',
    dataDir,
    env: emulatorEnvironment(emulator),
    version: 'fuzz',
    platform: 'linux',
    vault: { kind: 'memory' },
    openExternal: async () => ({ opened: false, reason: 'not in tests' }),
    healthCheckIntervalMs: 0,
    confirmToolServer: async () => allowToolServers,
    // A fuzzed dataset address may name a host that never answers: a check gives up well within the bound below.
    catalogueFetchTimeoutMs: 3_000,
    // The catalogue's day: which models have retired does not move with the clock the test runs on.
    now: () => Date.parse('2026-12-07T12:00:00Z'),
  });
  core.events.subscribe(({ name, payload }) => {
    lastEventAt = Date.now();
    if (name === 'chat.stream') {
      const batch = payload as { streamId: string; seq: number };
      void dispatch('chat.ack', { streamId: batch.streamId, seq: batch.seq });
    }
  });
  // Things that exist, so generated ids reach state: a conversation with an answer, an image, a batch job.
  const conversation = await must<{ id: string }>('conversations.create', { title: 'Fuzzed' });
  const sent = await must<{ userMessageId: string; assistantMessageId: string; streamId: string }>(
    'chat.send',
    { conversationId: conversation.id, text: 'Hello', target: { model: 'openai:gpt-6-sol' } },
  );
  await settled();
  const image = await must<{ hash: string }>('attachments.add', {
    name: 'seed.png',
    mediaType: 'image/png',
    dataBase64: pngBytes(4, 4, 1).toString('base64'),
  });
  const job = await must<{ id: string }>('batch.create', {
    prompt: 'What is this?',
    attachments: [image.hash],
    target: { model: 'openai:gpt-6-sol' },
  });
  await must('mcp.upsert', {
    server: {
      id: 'fuzz-tools',
      name: 'Fuzz tools',
      transport: { kind: 'stdio', command: process.execPath, args: [BROKEN_SERVER], env: {}, secretEnv: [] },
    },
  });
  allowToolServers = false;
  const profiles = await must<Array<{ id: string }>>('profiles.list', {});
  const models = await must<Array<{ id: string }>>('models.list', {});
  known.push(
    conversation.id,
    sent.userMessageId,
    sent.assistantMessageId,
    sent.streamId,
    image.hash,
    job.id,
    ...profiles.map((p) => p.id),
    ...models.slice(0, 20).map((m) => m.id),
    'openai',
    'anthropic',
    'ollama',
    'fuzz-tools',
  );
}, 60_000);

afterAll(async () => {
  await core?.dispose();
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the bridge contract, fuzzed against the real core (issue 14)', () => {
  const kinds = new Set<string>(ErrorKindSchema.options);

  it.each(CALL_NAMES.map((name) => [name]))(
    '%s: answers in time, never holds the event loop, and a refusal changes nothing',
    async (name) => {
      const schema = jsonSchemaOf(calls[name].input);
      const inputs = fc.oneof(
        validOf(schema, { known }),
        validOf(schema, { known, boundary: true }),
        hostileOf(schema, { known }),
      );
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          await settled();
          const before = snapshot();
          const cpu = process.cpuUsage();
          let timer: ReturnType<typeof setTimeout> | undefined;
          const result = await Promise.race([
            dispatch(name, input),
            new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ANSWER_WITHIN_MS))),
          ]);
          clearTimeout(timer);
          const used = process.cpuUsage(cpu);
          expect(result, `${name} did not answer within ${ANSWER_WITHIN_MS} ms`).not.toBe('late');
          if (result === 'late') return;
          // CPU time of the whole process (core and emulator) while the call ran: a bound on any block it caused.
          expect((used.user + used.system) / 1000, `${name} cost too much CPU`).toBeLessThan(CPU_AT_MOST_MS);
          if (result.ok) {
            const output = calls[name].output.safeParse(result.value);
            expect(output.success, `${name}'s answer does not match its schema`).toBe(true);
          } else {
            expect(kinds.has(result.error.kind)).toBe(true);
            expect(result.error.message.length).toBeLessThan(2_100);
            await settled();
            expect(snapshot(), `${name} failed (${result.error.message}) but changed what is stored`).toBe(
              before,
            );
          }
          const alive = await dispatch('app.info', {});
          expect(alive.ok).toBe(true);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    120_000,
  );
});
