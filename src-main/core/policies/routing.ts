/**
 * Routing strategies: in which order a profile's eligible models are tried.
 * - priority (the default): as the profile lists them;
 * - round-robin: each request starts one model further along the list (per profile);
 * - lowest-latency: fastest observed first (models never called yet keep their order, after the measured ones);
 * - healthiest: by health state (ok, unknown, degraded, down), then by error rate.
 * Every ordering is stable: ties keep the profile's order.
 */
import type { HealthState, ProviderHealth } from '@contract/models';
import type { RoutingStrategy } from '@contract/profiles';
import type { Candidate } from './fallback';

export type RoutingView = {
  latencyOf(ref: string, provider: string): number | undefined;
  health(provider: string): ProviderHealth;
};

const STATE_RANK: Record<HealthState, number> = { ok: 0, unknown: 1, degraded: 2, down: 3, unconfigured: 4 };

function stableSort<T>(items: readonly T[], score: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.item);
}

export class Router {
  private readonly turns = new Map<string, number>();

  constructor(private readonly view: RoutingView) {}

  /** `key` names the rotation for round-robin (the profile id); other strategies ignore it. */
  order(candidates: readonly Candidate[], strategy: RoutingStrategy, key: string): Candidate[] {
    switch (strategy) {
      case 'priority':
        return [...candidates];
      case 'round-robin': {
        if (candidates.length === 0) return [];
        const turn = this.turns.get(key) ?? 0;
        this.turns.set(key, turn + 1);
        const start = turn % candidates.length;
        return [...candidates.slice(start), ...candidates.slice(0, start)];
      }
      case 'lowest-latency':
        return stableSort(
          candidates,
          (c) => this.view.latencyOf(c.id, c.provider) ?? Number.POSITIVE_INFINITY,
        );
      case 'healthiest': {
        const scores = new Map(
          candidates.map((c) => {
            const health = this.view.health(c.provider);
            return [c.id, STATE_RANK[health.state] + (health.errorRate ?? 0) * 0.999] as const;
          }),
        );
        return stableSort(candidates, (c) => scores.get(c.id) ?? 0);
      }
    }
  }
}
