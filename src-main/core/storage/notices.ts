/**
 * Notices for the user: things the app did on its own that they should know about (a damaged file moved aside
 * and what was recovered, a weak key vault, a key to enter again). The bridge lists them in `app.info` and
 * sends each new one as `notices.added`; the user dismisses them.
 *
 * A notice has a stable id per subject (`vault-weak`, `key-unreadable-<id>`...): adding one with an id already
 * listed replaces it instead of stacking duplicates.
 */
import { randomUUID } from 'node:crypto';
import type { Notice } from '@contract/bridge';

export type NoticeInput = { id?: string; level: Notice['level']; message: string };
export type NoticeListener = (notice: Notice) => void;

export class NoticeList {
  private readonly items = new Map<string, Notice>();
  private readonly listeners = new Set<NoticeListener>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  add(input: NoticeInput): Notice {
    const notice: Notice = {
      id: input.id ?? randomUUID(),
      level: input.level,
      message: input.message,
      at: this.now(),
    };
    this.items.delete(notice.id);
    this.items.set(notice.id, notice);
    for (const listener of this.listeners) listener(notice);
    return notice;
  }

  /** Oldest first. */
  list(): Notice[] {
    return [...this.items.values()];
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  dismiss(id: string): boolean {
    return this.items.delete(id);
  }

  onAdded(listener: NoticeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
