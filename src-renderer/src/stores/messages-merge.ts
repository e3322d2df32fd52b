import type { Message } from '@contract/conversations';

const SCALARS = [
  'text',
  'thinking',
  'status',
  'pinned',
  'model',
  'profileId',
  'autoReason',
  'finishReason',
  'costMicros',
  'cached',
  'ttftMs',
  'totalMs',
  'excluded',
  'role',
  'createdAt',
] as const satisfies ReadonlyArray<keyof Message>;

const OBJECTS = ['usage', 'attempts', 'error', 'structured', 'attachments'] as const satisfies ReadonlyArray<
  keyof Message
>;

/** Whether two versions of a message differ in anything the view shows. */
export function messageChanged(a: Message, b: Message): boolean {
  for (const key of SCALARS) if (a[key] !== b[key]) return true;
  for (const key of OBJECTS) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return true;
  return false;
}

/**
 * The new message list, reusing the previous objects for unchanged messages (so their memoized views do not
 * re-render when a conversation is reloaded), and the previous array when nothing changed at all.
 */
export function mergeMessages(previous: readonly Message[], next: readonly Message[]): Message[] {
  const byId = new Map(previous.map((m) => [m.id, m]));
  let changed = previous.length !== next.length;
  const merged = next.map((message, index) => {
    const old = byId.get(message.id);
    const kept = old && !messageChanged(old, message) ? old : message;
    if (kept !== previous[index]) changed = true;
    return kept;
  });
  return changed ? merged : (previous as Message[]);
}

/**
 * `previous` with `changed` put in: a message already there is replaced where it changed (the previous object kept
 * where it did not), a new one is appended, in the order given. The previous array when nothing changed.
 */
export function upsertMessages(previous: readonly Message[], changed: readonly Message[]): Message[] {
  const incoming = new Map(changed.map((m) => [m.id, m]));
  let same = true;
  const merged = previous.map((old) => {
    const message = incoming.get(old.id);
    if (!message) return old;
    incoming.delete(old.id);
    if (!messageChanged(old, message)) return old;
    same = false;
    return message;
  });
  for (const message of incoming.values()) {
    merged.push(message);
    same = false;
  }
  return same ? (previous as Message[]) : merged;
}
