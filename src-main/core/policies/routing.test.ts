/** Routing strategies: the order in which a profile's models are tried. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderHealth } from '@contract/models';
import { Router } from './routing';
import { candidate, hello, policyStack, useEmulator, useFakeTime } from './test-support';

const emulator = useEmulator();
beforeEach(useFakeTime);
afterEach(() => vi.useRealTimers());

const a = candidate('openai:gpt-4.1');
const b = candidate('anthropic:claude-haiku-4-5');
const c = candidate('ollama:llama3.2');

function router(latency: Record<string, number>, health: Record<string, Partial<ProviderHealth>> = {}) {
  return new Router({
    latencyOf: (ref) => latency[ref],
    health: (provider) => ({ provider, state: 'ok', circuit: 'closed', ...health[provider] }),
  });
}

describe('routing strategies', () => {
  it('priority keeps the profile order', () => {
    expect(
      router({})
        .order([a, b, c], 'priority', 'p')
        .map((x) => x.id),
    ).toEqual([a.id, b.id, c.id]);
  });

  it('round-robin starts one model further along on each request, per profile', () => {
    const r = router({});
    const firsts = [1, 2, 3, 4].map(() => r.order([a, b, c], 'round-robin', 'fast')[0]?.id);
    expect(firsts).toEqual([a.id, b.id, c.id, a.id]);
    expect(r.order([a, b, c], 'round-robin', 'other').map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(r.order([a, b, c], 'round-robin', 'fast').map((x) => x.id)).toEqual([b.id, c.id, a.id]);
  });

  it('lowest-latency puts the fastest first and models never measured last, in profile order', () => {
    const r = router({ [b.id]: 300, [c.id]: 120 });
    expect(r.order([a, b, c], 'lowest-latency', 'p').map((x) => x.id)).toEqual([c.id, b.id, a.id]);
  });

  it('healthiest orders by state, then by error rate', () => {
    const r = router(
      {},
      {
        openai: { state: 'degraded', errorRate: 0.3 },
        anthropic: { state: 'ok', errorRate: 0.1 },
        ollama: { state: 'ok', errorRate: 0 },
      },
    );
    expect(r.order([a, b, c], 'healthiest', 'p').map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    const down = router({}, { openai: { state: 'down' }, anthropic: { state: 'unknown' } });
    expect(down.order([a, b, c], 'healthiest', 'p').map((x) => x.id)).toEqual([c.id, b.id, a.id]);
  });
});

describe('routing through the pipeline', () => {
  it('round-robin spreads requests over the chain', async () => {
    const emu = emulator();
    const { pipeline } = policyStack(emu);
    const chain = [candidate('openai:gpt-4.1'), candidate('openai:gpt-4.1-mini')];
    for (let i = 0; i < 4; i++) {
      await pipeline.complete({
        candidates: chain,
        request: { messages: hello },
        routing: 'round-robin',
        routingKey: 'rr',
      });
    }
    expect(emu.requests.map((r) => r.model)).toEqual(['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1', 'gpt-4.1-mini']);
  });

  it('lowest-latency learns from live calls which model answers faster', async () => {
    const emu = emulator();
    emu.script(
      { match: { model: 'gpt-4.1' }, reply: { text: 'slow', firstByteDelayMs: 150 }, times: Infinity },
      { match: { model: 'gpt-4.1-mini' }, reply: { text: 'fast' }, times: Infinity },
    );
    const { pipeline, health } = policyStack(emu);
    const slow = candidate('openai:gpt-4.1');
    const fast = candidate('openai:gpt-4.1-mini');
    await pipeline.complete({ candidates: [slow], request: { messages: hello } });
    await pipeline.complete({ candidates: [fast], request: { messages: hello } });
    expect(health.latencyOf(slow.id, 'openai')).toBeGreaterThan(
      health.latencyOf(fast.id, 'openai') ?? Infinity,
    );
    const outcome = await pipeline.complete({
      candidates: [slow, fast],
      request: { messages: hello },
      routing: 'lowest-latency',
    });
    expect(outcome.ok && outcome.response.text).toBe('fast');
  });

  it('healthiest avoids a provider whose circuit is open', async () => {
    const emu = emulator();
    const { pipeline, health } = policyStack(emu, { breaker: { failureThreshold: 1 } });
    health.record(
      'openai',
      'openai:gpt-4.1',
      { ok: false, error: { kind: 'server', message: 'down', retryable: true } },
      false,
    );
    const outcome = await pipeline.complete({
      candidates: [candidate('openai:gpt-4.1'), candidate('anthropic:claude-haiku-4-5')],
      request: { messages: hello, maxOutputTokens: 50 },
      routing: 'healthiest',
    });
    expect(outcome.ok && outcome.served.ref).toBe('anthropic:claude-haiku-4-5');
    expect(outcome.steps).toEqual([{ ref: 'anthropic:claude-haiku-4-5', outcome: 'served', calls: 1 }]);
  });
});
