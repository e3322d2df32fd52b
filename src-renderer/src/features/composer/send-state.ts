/**
 * Whether Send is open: main's verdict (the last estimate's `blocked`, kept while a new one is checked) and what
 * the composer holds. The window adds no rule of its own about what can be sent.
 */
import type { Blocked, Estimate } from '@contract/bridge';

export type ComposerHolds = {
  /** No text and no image. */
  empty: boolean;
  /** Images still being prepared or uploaded. */
  preparing: boolean;
  /** A send on its way, or an answer still coming in this conversation. */
  busy: boolean;
};

export function sendState(
  estimate: Pick<Estimate, 'blocked'> | null,
  holds: ComposerHolds,
): { canSend: boolean; blocked: Blocked | null } {
  const blocked = estimate?.blocked ?? null;
  return { canSend: !holds.empty && !holds.preparing && !holds.busy && blocked === null, blocked };
}
