/**
 * Shared set-up for the policies' integration tests: one provider emulator per test file, the real adapters
 * pointed at it over HTTP, and a full policy stack (limiter, health, pipeline) around them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import type { Capabilities } from '@contract/models';
import type { ProviderSettings } from '@contract/settings';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { createAdapter } from '../providers/index';
import { keyRingOf } from '../vault/key-ring';
import { openVault, type KeyVault } from '../vault/vault';
import type { ProviderAdapter, ProviderConfig } from '../providers/types';
import type { AttemptRecord, PipelineEvent, PipelineStreamEvent } from './call-records';
import type { Candidate } from './fallback';
import { HealthMonitor } from './health';
import { CallPipeline, type KeyRing, type PipelineDeps } from './pipeline';
import { RateLimiter, type RateLimits } from './rate-limit';

export const KEYS = { openai: 'sk-test-openai-1234', anthropic: 'sk-ant-test-5678' };

/** Starts an emulator for the file, resets it after each test, and closes it at the end. */
export function useEmulator(options?: Parameters<typeof startEmulator>[0]): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterEach(() => emulator?.reset());
  afterAll(() => emulator?.close());
  return () => {
    if (!emulator) throw new Error('The emulator is not started yet: call it inside a test.');
    return emulator;
  };
}

/** Fakes only what the policies wait on; the emulator and the sockets keep real time. */
export function useFakeTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** Provider configurations for the emulator: OpenAI, Anthropic, and a second OpenAI-style provider ("backup"). */
export function providerConfigs(emu: Emulator): Record<string, ProviderConfig> {
  return {
    openai: {
      id: 'openai',
      kind: 'openai',
      preset: 'openai',
      baseURL: emu.baseURLs.openai,
      apiKey: KEYS.openai,
    },
    anthropic: {
      id: 'anthropic',
      kind: 'anthropic',
      preset: 'anthropic',
      baseURL: emu.baseURLs.anthropic,
      apiKey: KEYS.anthropic,
    },
    ollama: { id: 'ollama', kind: 'ollama', preset: 'ollama', baseURL: emu.baseURLs.ollama },
  };
}

export const ALL_CAPABILITIES: Capabilities = {
  vision: true,
  tools: true,
  structuredOutput: true,
  reasoning: false,
  streaming: true,
};

/** A chain entry with the catalogue facts a test cares about. */
export function candidate(id: string, overrides: Partial<Omit<Candidate, 'id'>> = {}): Candidate {
  const [provider = '', ...rest] = id.split(':');
  return {
    id,
    provider,
    model: rest.join(':'),
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    ...overrides,
    capabilities: { ...ALL_CAPABILITIES, ...overrides.capabilities },
  };
}

export type StackOptions = {
  settings?: Record<string, Partial<Pick<ProviderSettings, 'retry' | 'rotateKeysOn'>>>;
  limits?: Record<string, RateLimits>;
  /** A key ring over a real vault (`vaultKeyRing`). */
  keys?: KeyRing;
  /** Providers left out: not configured. */
  unconfigured?: string[];
  breaker?: { failureThreshold?: number; cooldownMs?: number };
} & Partial<Pick<PipelineDeps, 'cache' | 'onCacheError' | 'random'>>;

/** The real adapters for the emulator, a limiter, a health monitor and a pipeline over them. */
export function policyStack(emu: Emulator, options: StackOptions = {}) {
  const configs = providerConfigs(emu);
  const adapters = new Map<string, ProviderAdapter>();
  for (const [id, config] of Object.entries(configs)) {
    if (!options.unconfigured?.includes(id)) adapters.set(id, createAdapter(config, {}));
  }
  const adapterFor = (provider: string) => adapters.get(provider);
  const limiter = new RateLimiter({
    limitsFor: (provider, model) =>
      options.limits?.[`${provider}:${model}`] ?? options.limits?.[provider] ?? {},
  });
  const health = new HealthMonitor({
    providers: () => Object.keys(configs),
    adapterFor,
    breaker: options.breaker,
  });
  const pipeline = new CallPipeline({
    adapterFor,
    settingsFor: (provider) => {
      const s = options.settings?.[provider];
      return { retry: s?.retry ?? {}, rotateKeysOn: s?.rotateKeysOn ?? [] };
    },
    keys: options.keys,
    limiter,
    health,
    cache: options.cache,
    onCacheError: options.onCacheError,
    random: options.random ?? (() => 0.5),
  });
  return { pipeline, limiter, health, adapters };
}

/**
 * A real vault (memory backend, in a temporary folder) holding these keys per provider, in order, as the pipeline's
 * key ring: rotation is tested through the vault that owns it in the app.
 */
export async function vaultKeyRing(keys: Record<string, string[]>): Promise<KeyRing & { vault: KeyVault }> {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-ring-'));
  const vault = await openVault({ backend: { kind: 'memory' }, file: join(dir, 'vault.json') });
  for (const [provider, list] of Object.entries(keys)) {
    for (const key of list) await vault.addKey(provider, key);
  }
  return { ...keyRingOf(vault), vault };
}

/** Collects a request's progress events and attempt records. */
export function recorder() {
  const events: PipelineEvent[] = [];
  const attempts: AttemptRecord[] = [];
  /** Per event type: how many `next` has handed out already. */
  const taken = new Map<string, number>();
  const waiters: Array<() => void> = [];
  const onEvent = (event: PipelineEvent) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  };
  return {
    events,
    attempts,
    onEvent,
    onAttempt: (record: AttemptRecord) => attempts.push(record),
    /** Resolves with the first event of this type that no earlier `next` returned (it may have come already). */
    async next<T extends PipelineEvent['type']>(type: T): Promise<Extract<PipelineEvent, { type: T }>> {
      const index = taken.get(type) ?? 0;
      taken.set(type, index + 1);
      for (;;) {
        const found = events.filter((e) => e.type === type)[index];
        if (found) return found as Extract<PipelineEvent, { type: T }>;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** Reads a pipeline stream to its end. */
export async function drain(stream: AsyncIterable<PipelineStreamEvent>): Promise<PipelineStreamEvent[]> {
  const events: PipelineStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

export const hello = [{ role: 'user' as const, content: 'Hello there' }];
