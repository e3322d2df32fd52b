/**
 * Model lifecycle: where a model stands on a given day (active, deprecated, retired) from its announced dates,
 * and how that reads. The verdict on a request to a retired model is planning's (`planning/verdict.ts`).
 */
import { formatDay } from '@contract/format';
import type { Lifecycle, ModelInfo } from '@contract/models';
import type { CatalogueLifecycle } from './builtin';

/** Today's date as the catalogue writes dates (UTC, YYYY-MM-DD): providers announce retirements by UTC day. */
export function dayOf(now: number = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The status on `today`: retired once its retirement day has come (or a listing said so), deprecated from its
 * deprecation day or as soon as a retirement is announced, active otherwise.
 */
export function lifecycleOn(
  lifecycle: CatalogueLifecycle | undefined,
  today: string,
): Omit<Lifecycle, 'successor' | 'source'> {
  const out: Omit<Lifecycle, 'successor' | 'source'> = { status: 'active' };
  if (!lifecycle) return out;
  if (lifecycle.deprecatedOn) out.deprecatedOn = lifecycle.deprecatedOn;
  if (lifecycle.retiresOn) out.retiresOn = lifecycle.retiresOn;
  if (lifecycle.retired || (lifecycle.retiresOn !== undefined && lifecycle.retiresOn <= today)) {
    out.status = 'retired';
  } else if (
    lifecycle.deprecated ||
    lifecycle.retiresOn !== undefined ||
    (lifecycle.deprecatedOn !== undefined && lifecycle.deprecatedOn <= today)
  ) {
    out.status = 'deprecated';
  }
  return out;
}

/** Whether a model may be offered as a new choice (pickers, Auto, suggestions): not retired. */
export function isRetired(model: Pick<ModelInfo, 'lifecycle'>): boolean {
  return model.lifecycle?.status === 'retired';
}

/**
 * What the window says about a model that is not active: a retired one (when it went, what replaces it), or a
 * deprecated one (when it goes). Undefined for an active model.
 */
export function lifecycleNotice(model: Pick<ModelInfo, 'displayName' | 'lifecycle'>): string | undefined {
  const lifecycle = model.lifecycle;
  if (!lifecycle || lifecycle.status === 'active') return undefined;
  const successor = lifecycle.successor;
  const then = successor ? ` Its successor is ${successor.displayName}.` : '';
  if (lifecycle.status === 'retired') {
    const when = lifecycle.retiresOn ? ` on ${formatDay(lifecycle.retiresOn)}` : '';
    return `${model.displayName} was retired${when} and no longer answers.${successor ? then : ' Choose another model.'}`;
  }
  const when = lifecycle.retiresOn ? ` and retires on ${formatDay(lifecycle.retiresOn)}` : '';
  return `${model.displayName} is deprecated${when}.${then}`;
}
