/** Provider health: cheap checks against the emulator, live traffic, and the circuit breaker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderHealth } from '@contract/models';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import { createAdapter } from '../providers/registry';
import type { ProviderAdapter } from '../providers/types';
import { HealthMonitor, type HealthOptions } from './health';
import {
  candidate,
  hello,
  KEYS,
  policyStack,
  providerConfigs,
  recorder,
  useEmulator,
  useFakeTime,
} from './test-support';

const emulator = useEmulator({ validKeys: { anthropic: [KEYS.anthropic] } });
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

function failure(kind: ErrorKind): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { kind, message: `${kind} happened`, retryable: true } };
}

/** A monitor over the emulator's real adapters; `adapters` decides which providers are configured. */
function monitor(adapters: Record<string, ProviderAdapter>, options: Partial<HealthOptions> = {}) {
  const changes: ProviderHealth[] = [];
  const health = new HealthMonitor({
    providers: () => ['openai', 'anthropic', 'ollama'],
    adapterFor: (provider) => adapters[provider],
    labelFor: (provider) => ({ openai: 'OpenAI', anthropic: 'Anthropic' })[provider] ?? provider,
    breaker: { failureThreshold: 3, cooldownMs: 30_000 },
    ...options,
  });
  health.subscribe((changed) => changes.push(...changed));
  return { health, changes };
}

function adapters() {
  const configs = providerConfigs(emulator());
  return {
    openai: createAdapter(configs['openai']!, {}),
    anthropic: createAdapter(configs['anthropic']!, {}),
  };
}

describe('health checks', () => {
  it('lists models to check a provider (no tokens spent) and reports ok with its latency', async () => {
    const { health, changes } = monitor(adapters());
    expect(health.get('openai')).toEqual({ provider: 'openai', state: 'unknown', circuit: 'closed' });
    const result = await health.check('openai');
    expect(result).toMatchObject({
      provider: 'openai',
      state: 'ok',
      circuit: 'closed',
      checkedAt: Date.now(),
    });
    expect(emulator().requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v1/models']]);
    expect(changes).toEqual([expect.objectContaining({ provider: 'openai', state: 'ok' })]);
  });

  it('reports a rejected key as down, saying what happened', async () => {
    const configs = providerConfigs(emulator());
    const wrongKey = createAdapter({ ...configs['anthropic']!, apiKey: 'sk-ant-wrong-0000' }, {});
    const { health } = monitor({ anthropic: wrongKey });
    const result = await health.check('anthropic');
    expect(result.state).toBe('down');
    expect(result.message).toMatch(/Anthropic rejected the API key/);
    expect(result.message).not.toContain('wrong-0000');
  });

  it('reports a provider without an adapter as unconfigured, and lists every provider', async () => {
    const { health } = monitor(adapters());
    await health.checkAll();
    expect(health.all().map((h) => [h.provider, h.state])).toEqual([
      ['openai', 'ok'],
      ['anthropic', 'ok'],
      ['ollama', 'unconfigured'],
    ]);
  });

  it('checks every provider again at each interval until stopped', async () => {
    const { health } = monitor(adapters());
    const stop = health.startChecks(60_000);
    await vi.waitFor(() => expect(emulator().requests).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(emulator().requests).toHaveLength(4));
    stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(emulator().requests).toHaveLength(4);
  });
});

describe('live traffic', () => {
  it('is degraded when too many recent calls fail, and ok again once the window has moved on', () => {
    const { health } = monitor(adapters(), { minSamples: 4, degradedErrorRate: 0.25, windowMs: 60_000 });
    for (let i = 0; i < 3; i++)
      health.record('openai', 'openai:gpt-4.1', { ok: true, latencyMs: 100 }, false);
    health.record('openai', 'openai:gpt-4.1', failure('rate_limit'), false);
    expect(health.get('openai')).toMatchObject({
      state: 'degraded',
      errorRate: 0.25,
      message: '25% of recent calls to OpenAI failed.',
    });
    vi.advanceTimersByTime(60_001);
    health.record('openai', 'openai:gpt-4.1', { ok: true, latencyMs: 100 }, false);
    expect(health.get('openai').state).toBe('ok');
  });

  it('keeps a latency average per model and per provider', () => {
    const { health } = monitor(adapters(), { latencyAlpha: 0.5 });
    health.record('openai', 'openai:gpt-4.1', { ok: true, latencyMs: 100 }, false);
    health.record('openai', 'openai:gpt-4.1', { ok: true, latencyMs: 300 }, false);
    health.record('openai', 'openai:gpt-4.1-mini', { ok: true, latencyMs: 50 }, false);
    expect(health.latencyOf('openai:gpt-4.1', 'openai')).toBe(200);
    expect(health.latencyOf('openai:gpt-4.1-mini', 'openai')).toBe(50);
    expect(health.latencyOf('openai:o3', 'openai')).toBe(125);
    expect(health.get('openai').latencyMs).toBe(125);
  });

  it('does not count bad requests, cancellations or rate limits against the circuit', () => {
    const { health } = monitor(adapters());
    for (const kind of ['bad_request', 'aborted', 'rate_limit', 'content_filter', 'rate_limit'] as const) {
      health.record('openai', 'openai:gpt-4.1', failure(kind), false);
    }
    expect(health.get('openai').circuit).toBe('closed');
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures, fails fast naming the provider, goes half-open after the cooldown and closes on success', async () => {
    const { health, changes } = monitor(adapters());
    for (let i = 0; i < 2; i++)
      health.record('anthropic', 'anthropic:claude-haiku-4-5', failure('overloaded'), false);
    expect(health.admit('anthropic')).toEqual({ allowed: true, probe: false });
    health.record('anthropic', 'anthropic:claude-haiku-4-5', failure('server'), false);

    expect(health.get('anthropic')).toMatchObject({ state: 'down', circuit: 'open' });
    const refused = health.admit('anthropic');
    expect(refused).toMatchObject({
      allowed: false,
      error: {
        kind: 'server',
        providerCode: 'circuit_open',
        provider: 'anthropic',
        retryAfterMs: 30_000,
        message: 'Anthropic failed 3 times in a row, so Modeldesk is not calling it for another 30 s.',
      },
    });

    changes.length = 0;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(changes).toEqual([
      expect.objectContaining({ provider: 'anthropic', state: 'degraded', circuit: 'half-open' }),
    ]);
    expect(health.admit('anthropic')).toEqual({ allowed: true, probe: true });
    expect(health.admit('anthropic')).toMatchObject({
      allowed: false,
      error: {
        message:
          'Anthropic has been failing; Modeldesk is testing it with one call and sends more once that succeeds.',
      },
    });
    health.record('anthropic', 'anthropic:claude-haiku-4-5', { ok: true, latencyMs: 80 }, true);
    expect(health.get('anthropic')).toMatchObject({ circuit: 'closed' });
    expect(health.admit('anthropic')).toEqual({ allowed: true, probe: false });
  });

  it('opens again for a longer cooldown when the probe fails, and frees the probe when it says nothing', async () => {
    const { health } = monitor(adapters());
    for (let i = 0; i < 3; i++) health.record('openai', 'openai:gpt-4.1', failure('connection'), false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(health.admit('openai')).toEqual({ allowed: true, probe: true });
    health.record('openai', 'openai:gpt-4.1', failure('aborted'), true);
    expect(health.admit('openai')).toEqual({ allowed: true, probe: true });
    health.record('openai', 'openai:gpt-4.1', failure('timeout'), true);
    expect(health.get('openai').circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(health.get('openai').circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(health.get('openai').circuit).toBe('half-open');
  });

  it('through the pipeline: an open circuit skips the provider without calling it, then a probe closes it', async () => {
    const emu = emulator();
    emu.script(
      { match: { protocol: 'anthropic' }, fault: { kind: 'status', status: 500 }, times: 2 },
      { match: { protocol: 'openai' }, reply: { text: 'from OpenAI' }, times: Infinity },
      { match: { protocol: 'anthropic' }, reply: { text: 'Claude is back' } },
    );
    const { pipeline, health } = policyStack(emu, {
      settings: { anthropic: { retry: { maxAttempts: 1 } } },
      breaker: { failureThreshold: 2, cooldownMs: 10_000 },
    });
    const chain = [candidate('anthropic:claude-haiku-4-5'), candidate('openai:gpt-4.1')];
    const request = { messages: hello, maxOutputTokens: 50 };
    for (let i = 0; i < 2; i++) await pipeline.complete({ candidates: chain, request });
    expect(health.get('anthropic').circuit).toBe('open');

    const rec = recorder();
    const outcome = await pipeline.complete({ candidates: chain, request, ...rec });
    expect(outcome.ok && outcome.response.text).toBe('from OpenAI');
    expect(emu.requests.filter((r) => r.protocol === 'anthropic')).toHaveLength(2);
    expect(rec.attempts.map((a) => [a.ref, a.role])).toEqual([['openai:gpt-4.1', 'fallback']]);
    expect(outcome.steps[0]).toMatchObject({ outcome: 'failed', calls: 0, errorKind: 'server' });
    expect(outcome.steps[0]?.reason).toMatch(/^circuit open: anthropic failed 2 times in a row/);

    await vi.advanceTimersByTimeAsync(10_000);
    const probe = await pipeline.complete({ candidates: chain, request });
    expect(probe.ok && probe.response.text).toBe('Claude is back');
    expect(health.get('anthropic')).toMatchObject({ circuit: 'closed' });
  });
});
