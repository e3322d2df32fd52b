/**
 * What a refreshed catalogue would change, model by model, as of a day: models it adds, prices that differ
 * (rates or long-context tiers), context windows, and lifecycle (a model newly deprecated, retiring or retired).
 */
import type { CatalogueCheck } from '@contract/catalogue';
import type { Prices } from '@contract/models';
import { pricesInEffect, type CatalogueEntry, type CatalogueFile } from '../builtin';
import { lifecycleOn } from '../lifecycle';

export type CatalogueChanges = Pick<
  CatalogueCheck,
  'newModels' | 'priceChanges' | 'windowChanges' | 'lifecycleChanges'
>;

function refOf(entry: CatalogueEntry): string {
  return `${entry.provider}:${entry.model}`;
}

/** Prices compared as the money model reads them: every rate and tier, keys in a fixed order. */
function samePrices(a: Prices | null, b: Prices | null): boolean {
  const canonical = (p: Prices | null) =>
    p === null
      ? 'null'
      : JSON.stringify(p, (_key, value: unknown) =>
          value && typeof value === 'object' && !Array.isArray(value)
            ? Object.fromEntries(
                Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)),
              )
            : value,
        );
  return canonical(a) === canonical(b);
}

export function diffCatalogues(before: CatalogueFile, after: CatalogueFile, today: string): CatalogueChanges {
  const old = new Map(before.models.map((e) => [refOf(e), e]));
  const byRef = new Map(after.models.map((e) => [refOf(e), e]));
  const changes: CatalogueChanges = {
    newModels: [],
    priceChanges: [],
    windowChanges: [],
    lifecycleChanges: [],
  };
  for (const entry of after.models) {
    const id = refOf(entry);
    const named = { id, displayName: entry.displayName };
    const was = old.get(id);
    const prices = pricesInEffect(entry, today).prices;
    if (!was) {
      changes.newModels.push({ ...named, prices, contextWindow: entry.contextWindow });
      continue;
    }
    const previous = pricesInEffect(was, today).prices;
    if (!samePrices(previous, prices))
      changes.priceChanges.push({ ...named, before: previous, after: prices });
    if (was.contextWindow !== entry.contextWindow) {
      changes.windowChanges.push({ ...named, before: was.contextWindow, after: entry.contextWindow });
    }
    const then = lifecycleOn(was.lifecycle, today);
    const now = lifecycleOn(entry.lifecycle, today);
    if (then.status !== now.status || then.retiresOn !== now.retiresOn) {
      const change: CatalogueChanges['lifecycleChanges'][number] = {
        ...named,
        before: then.status,
        after: now.status,
      };
      if (now.retiresOn) change.retiresOn = now.retiresOn;
      const successor = entry.lifecycle?.successor ? byRef.get(entry.lifecycle.successor) : undefined;
      if (successor) change.successor = successor.displayName;
      changes.lifecycleChanges.push(change);
    }
  }
  return changes;
}

/** "2 new models, 3 price changes, 1 retirement" — or that nothing would change. */
export function summarize(changes: CatalogueChanges): string {
  const count = (n: number, one: string, many: string) => (n === 0 ? null : `${n} ${n === 1 ? one : many}`);
  const retirements = changes.lifecycleChanges.filter((c) => c.after !== 'active').length;
  const parts = [
    count(changes.newModels.length, 'new model', 'new models'),
    count(changes.priceChanges.length, 'price change', 'price changes'),
    count(changes.windowChanges.length, 'context window change', 'context window changes'),
    count(retirements, 'deprecation or retirement', 'deprecations or retirements'),
    count(changes.lifecycleChanges.length - retirements, 'model back in service', 'models back in service'),
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'No model or price would change.' : `${parts.join(', ')}.`;
}
