/** The response cache: canonical hashing, TTL, LRU bounds, persistence, and its use by the pipeline. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyUsage } from '@contract/usage';
import { Database } from '../storage/database';
import type { ChatResponse } from '../providers/types';
import { cacheSettingsFrom, cacheUse, ResponseCache, type CacheSettings } from './cache';
import { canonicalJson, requestHash } from './canonical-hash';
import type { PipelineStreamEvent } from './call-records';
import { candidate, drain, hello, policyStack, recorder, useEmulator, useFakeTime } from './test-support';

const emulator = useEmulator();
let dir: string;
const open: Database[] = [];

beforeEach(() => {
  useFakeTime();
  dir = mkdtempSync(join(tmpdir(), 'modeldesk-cache-'));
});
afterEach(() => {
  vi.useRealTimers();
  for (const db of open.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function database(): Database {
  const db = new Database(join(dir, 'modeldesk.db'));
  open.push(db);
  return db;
}

const settings: CacheSettings = { enabled: true, ttlMs: 60_000, maxEntries: 3, maxBytes: 1_000_000 };

function response(text: string): ChatResponse {
  return {
    provider: 'openai',
    model: 'gpt-4.1-2025-04-14',
    text,
    content: [{ type: 'text', text }],
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: {
      ...emptyUsage(),
      input: { uncached: 10, cacheRead: 0, cacheWrite: 0 },
      output: { text: 5, reasoning: 0 },
    },
    timing: { ttftMs: 100, totalMs: 200 },
  };
}

describe('canonical hashing', () => {
  it('writes JSON with sorted keys at every depth and leaves undefined out', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"x":2,"z":1}]},"b":1}',
    );
  });

  it('does not depend on key order', async () => {
    const one = await requestHash('openai:gpt-4.1', {
      messages: [{ role: 'system', content: 'Be brief' }, ...hello],
      temperature: 0,
      maxOutputTokens: 100,
      responseFormat: {
        type: 'json_schema',
        name: 's',
        schema: { type: 'object', properties: { a: {}, b: {} } },
      },
    });
    const two = await requestHash('openai:gpt-4.1', {
      responseFormat: {
        schema: { properties: { b: {}, a: {} }, type: 'object' },
        name: 's',
        type: 'json_schema',
      },
      maxOutputTokens: 100,
      temperature: 0,
      messages: [
        { content: 'Be brief', role: 'system' },
        { content: 'Hello there', role: 'user' },
      ],
    });
    expect(one).toBe(two);
    expect(one).toMatch(/^[a-f0-9]{64}$/);
  });

  it('changes with the model, the messages, the system prompt and every parameter', async () => {
    const base = { messages: hello, temperature: 0 };
    const hashes = await Promise.all([
      requestHash('openai:gpt-4.1', base),
      requestHash('openai:gpt-4.1-mini', base),
      requestHash('openai:gpt-4.1', { ...base, messages: [{ role: 'user', content: 'Hello!' }] }),
      requestHash('openai:gpt-4.1', { ...base, messages: [{ role: 'system', content: 'Pirate' }, ...hello] }),
      requestHash('openai:gpt-4.1', { ...base, temperature: 0.1 }),
      requestHash('openai:gpt-4.1', { ...base, seed: 7 }),
    ]);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('hashes images by content, whether given as bytes or as a file', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const path = join(dir, 'photo.png');
    writeFileSync(path, bytes);
    const ask = (
      source: { kind: 'bytes'; data: Uint8Array; mediaType: 'image/png' } | { kind: 'file'; path: string },
    ) =>
      requestHash('openai:gpt-4.1', {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is it?' },
              { type: 'image', source },
            ],
          },
        ],
      });
    const fromBytes = await ask({ kind: 'bytes', data: bytes, mediaType: 'image/png' });
    expect(await ask({ kind: 'file', path })).toBe(fromBytes);
    expect(await ask({ kind: 'bytes', data: new Uint8Array([9, 9, 9]), mediaType: 'image/png' })).not.toBe(
      fromBytes,
    );
  });
});

describe('ResponseCache', () => {
  it('misses, stores, and hits', () => {
    const cache = new ResponseCache(database(), () => settings);
    expect(cache.get('k1')).toBeNull();
    cache.put('k1', 'openai:gpt-4.1', response('cached text'));
    expect(cache.get('k1')).toEqual({
      response: response('cached text'),
      model: 'openai:gpt-4.1',
      createdAt: Date.now(),
    });
  });

  it('forgets entries after their TTL', () => {
    const cache = new ResponseCache(database(), () => settings);
    cache.put('k1', 'm', response('a'));
    vi.advanceTimersByTime(59_999);
    expect(cache.get('k1')).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(cache.get('k1')).toBeNull();
    expect(cache.stats().entries).toBe(0);
  });

  it('evicts the least recently used entry beyond its bound', () => {
    const cache = new ResponseCache(database(), () => settings);
    cache.put('a', 'm', response('a'));
    cache.put('b', 'm', response('b'));
    cache.put('c', 'm', response('c'));
    expect(cache.get('a')).not.toBeNull();
    cache.put('d', 'm', response('d'));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== null)).toEqual([true, false, true, true]);
  });

  it('evicts by size too', () => {
    const size = Buffer.byteLength(JSON.stringify(response('x'.repeat(100))));
    const cache = new ResponseCache(database(), () => ({
      ...settings,
      maxEntries: 100,
      maxBytes: size * 2 + 10,
    }));
    for (const k of ['a', 'b', 'c']) cache.put(k, 'm', response('x'.repeat(100)));
    expect(cache.stats().entries).toBe(2);
    expect(cache.get('a')).toBeNull();
  });

  it('survives closing and reopening the database', () => {
    const first = database();
    new ResponseCache(first, () => settings).put('k', 'openai:gpt-4.1', response('persisted'));
    first.close();
    const again = new ResponseCache(database(), () => settings);
    expect(again.get('k')?.response.text).toBe('persisted');
  });

  it('reads the settings: cache on by default for temperature 0 only; a profile forces it; regenerate never reads it', () => {
    const use = (
      mode: 'auto' | 'on' | 'off',
      temperature: number | undefined,
      regenerate = false,
      enabled = true,
    ) => cacheUse({ enabled, mode, temperature, regenerate });
    expect(use('auto', 0)).toEqual({ read: true, write: true });
    expect(use('auto', 0.7)).toEqual({ read: false, write: false });
    expect(use('auto', undefined)).toEqual({ read: false, write: false });
    expect(use('on', 1)).toEqual({ read: true, write: true });
    expect(use('off', 0)).toEqual({ read: false, write: false });
    expect(use('auto', 0, true)).toEqual({ read: false, write: true });
    expect(use('on', 0, false, false)).toEqual({ read: false, write: false });
    expect(cacheSettingsFrom({ enabled: true, ttlHours: 2, maxEntries: 10 })).toMatchObject({
      enabled: true,
      ttlMs: 7_200_000,
      maxEntries: 10,
    });
  });
});

describe('the pipeline with the cache', () => {
  const gpt = candidate('openai:gpt-4.1');
  const request = { messages: hello, temperature: 0 };

  it('answers an identical temperature-0 request from the cache, marked cached, with zero usage and what it saved', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'Deterministic answer', usage: { input: 30, output: 6 } } });
    const cache = new ResponseCache(database(), () => settings);
    const { pipeline } = policyStack(emu, { cache });
    const first = await pipeline.complete({ candidates: [gpt], request });
    expect(first.ok && first.cached).toBe(false);

    const rec = recorder();
    const second = await pipeline.complete({ candidates: [gpt], request, ...rec });
    expect(emu.requests).toHaveLength(1);
    expect(second).toMatchObject({ ok: true, cached: true, response: { text: 'Deterministic answer' } });
    expect(rec.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        role: 'primary',
        outcome: 'cached',
        ref: 'openai:gpt-4.1',
        usage: emptyUsage('reported'),
        savedUsage: expect.objectContaining({ input: expect.objectContaining({ uncached: 30 }) }),
      }),
    ]);
    expect(rec.events).toEqual([
      {
        type: 'model',
        ref: 'openai:gpt-4.1',
        provider: 'openai',
        model: 'gpt-4.1',
        role: 'primary',
        cached: true,
      },
    ]);
  });

  it('streams a cached answer like any other', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'Streamed once' } });
    const cache = new ResponseCache(database(), () => settings);
    const { pipeline } = policyStack(emu, { cache });
    await drain(pipeline.stream({ candidates: [gpt], request }));
    const events = await drain(pipeline.stream({ candidates: [gpt], request }));
    expect(emu.requests).toHaveLength(1);
    const text = events.map((e: PipelineStreamEvent) => (e.type === 'text-delta' ? e.text : '')).join('');
    expect(text).toBe('Streamed once');
    expect(events[events.length - 1]).toMatchObject({ type: 'end', outcome: { ok: true, cached: true } });
  });

  it('is not used above temperature 0 unless the profile forces it, nor when the profile turns it off', async () => {
    const emu = emulator();
    const cache = new ResponseCache(database(), () => settings);
    const { pipeline } = policyStack(emu, { cache });
    const warm = { candidates: [gpt], request: { messages: hello, temperature: 0.7 } };
    await pipeline.complete(warm);
    await pipeline.complete(warm);
    expect(emu.requests).toHaveLength(2);
    await pipeline.complete({ ...warm, cache: 'on' });
    await pipeline.complete({ ...warm, cache: 'on' });
    expect(emu.requests).toHaveLength(3);
    await pipeline.complete({ candidates: [gpt], request, cache: 'off' });
    await pipeline.complete({ candidates: [gpt], request, cache: 'off' });
    expect(emu.requests).toHaveLength(5);
  });

  it('regenerate bypasses the cache and replaces what it held', async () => {
    const emu = emulator();
    emu.script({ reply: { text: 'first' } }, { reply: { text: 'regenerated' } });
    const cache = new ResponseCache(database(), () => settings);
    const { pipeline } = policyStack(emu, { cache });
    await pipeline.complete({ candidates: [gpt], request });
    const fresh = await pipeline.complete({ candidates: [gpt], request, regenerate: true });
    expect(fresh).toMatchObject({ ok: true, cached: false, response: { text: 'regenerated' } });
    const next = await pipeline.complete({ candidates: [gpt], request });
    expect(next).toMatchObject({ ok: true, cached: true, response: { text: 'regenerated' } });
    expect(emu.requests).toHaveLength(2);
  });

  it('does not cache failures, and is off when the settings switch it off', async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'status', status: 400 } });
    let enabled = true;
    const cache = new ResponseCache(database(), () => ({ ...settings, enabled }));
    const { pipeline } = policyStack(emu, { cache });
    expect((await pipeline.complete({ candidates: [gpt], request })).ok).toBe(false);
    expect(cache.stats().entries).toBe(0);
    enabled = false;
    await pipeline.complete({ candidates: [gpt], request });
    await pipeline.complete({ candidates: [gpt], request });
    expect(emu.requests).toHaveLength(3);
  });

  it('never fails a call because the cache cannot be used, and reports why', async () => {
    const emu = emulator();
    const db = database();
    const cache = new ResponseCache(db, () => settings);
    const errors: unknown[] = [];
    const { pipeline } = policyStack(emu, { cache, onCacheError: (error) => errors.push(error) });
    db.close();
    const outcome = await pipeline.complete({ candidates: [gpt], request });
    expect(outcome.ok).toBe(true);
    expect(emu.requests).toHaveLength(1);
    expect(errors).toHaveLength(2);
  });

  it('answers from the cache after a restart', async () => {
    const emu = emulator();
    const db = database();
    await policyStack(emu, { cache: new ResponseCache(db, () => settings) }).pipeline.complete({
      candidates: [gpt],
      request,
    });
    db.close();
    const { pipeline } = policyStack(emu, { cache: new ResponseCache(database(), () => settings) });
    const outcome = await pipeline.complete({ candidates: [gpt], request });
    expect(outcome.ok && outcome.cached).toBe(true);
    expect(emu.requests).toHaveLength(1);
  });
});
