/**
 * Provider settings through the bridge of a real core, against the emulator: "Test connection", keys that go in
 * and never come back out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput } from '@contract/bridge';
import { emulatorEnvironment, startEmulator } from '../emulator/index';
import type { Emulator } from '../emulator/types';
import { createAppCore, type AppCore } from './app-core';

const KEY = 'sk-test-handlers-0123456789abcdef';

let emulator: Emulator;
let dataDir: string;
let core: AppCore | undefined;

async function open(env: Record<string, string>) {
  core = await createAppCore({
    host: 'web',
    dataDir,
    env,
    version: 'test',
    platform: 'linux',
    vault: { kind: 'memory' },
    openExternal: async () => ({ opened: false }),
    healthCheckIntervalMs: 0,
  });
  const opened = core;
  return async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> => {
    const result = await opened.router.dispatch(name, input, { clientId: 'w' });
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as CallOutput<N>;
  };
}

/** The emulator's base URLs without any key: a new user before entering one. */
function withoutKeys(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(emulatorEnvironment(emulator)).filter(([k]) => !k.endsWith('_API_KEY')),
  );
}

beforeEach(async () => {
  emulator = await startEmulator({ validKeys: { openai: [KEY] } });
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-handlers-'));
});

afterEach(async () => {
  await core?.dispose();
  core = undefined;
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('providers through the bridge', () => {
  it('says what is missing before a key is set, and tests the connection once it is', async () => {
    const call = await open(withoutKeys());
    const before = await call('providers.test', { providerId: 'openai' });
    expect(before.ok).toBe(false);
    expect(before.error).toMatchObject({
      kind: 'unconfigured',
      message: expect.stringMatching(/no API key/),
    });
    expect(emulator.requests).toHaveLength(0);

    const view = await call('providers.addKey', { providerId: 'openai', key: KEY });
    expect(view).toMatchObject({ last4: 'cdef', source: 'vault' });
    const after = await call('providers.test', { providerId: 'openai' });
    expect(after).toMatchObject({ ok: true, models: expect.any(Number) });
    expect(after.models).toBeGreaterThan(0);
    expect(emulator.requests.at(-1)?.path).toMatch(/models$/);

    const listed = await call('providers.list', {});
    expect(listed.find((p) => p.id === 'openai')).toMatchObject({
      configured: true,
      keys: [{ last4: 'cdef' }],
    });
    expect(JSON.stringify([view, after, listed])).not.toContain(KEY);
  });

  it('reports a refused key as an authentication failure, without the key in the message', async () => {
    const call = await open(withoutKeys());
    const wrong = 'sk-test-wrong-key-9999999999999999';
    await call('providers.addKey', { providerId: 'openai', key: wrong });
    const result = await call('providers.test', { providerId: 'openai' });
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('authentication');
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it('says where a server cannot be reached, and what to check', async () => {
    const call = await open({ ...withoutKeys(), OPENAI_API_KEY: KEY });
    await call('providers.upsert', {
      provider: {
        id: 'openai',
        kind: 'openai',
        preset: 'openai',
        label: 'OpenAI',
        baseURL: 'http://127.0.0.1:9/v1',
      },
    });
    const result = await call('providers.test', { providerId: 'openai' });
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('connection');
    expect(result.error?.message).toMatch(/OpenAI/);
  });
});
