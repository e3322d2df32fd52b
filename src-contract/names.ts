/**
 * The names people know models, providers and profiles by, from the ids the ledger and the messages store: one
 * lookup for main and the window. An id nothing knows any more (a model since removed) stands for itself.
 * Zod-free: the renderer imports it at run time.
 */

/** A name lookup over a list: `(id) => name`, the id itself when the list does not know it. */
export function namesOf<T>(items: readonly T[], id: (item: T) => string, name: (item: T) => string) {
  const names = new Map(items.map((item) => [id(item), name(item)]));
  return (key: string): string => names.get(key) ?? key;
}

/** Model display names by `provider:model` ref. */
export function modelNames(models: ReadonlyArray<{ id: string; displayName: string }>) {
  return namesOf(
    models,
    (m) => m.id,
    (m) => m.displayName,
  );
}

/** Provider labels by provider id. */
export function providerNames(providers: ReadonlyArray<{ id: string; label: string }>) {
  return namesOf(
    providers,
    (p) => p.id,
    (p) => p.label,
  );
}

/** Profile names by profile id. */
export function profileNames(profiles: ReadonlyArray<{ id: string; name: string }>) {
  return namesOf(
    profiles,
    (p) => p.id,
    (p) => p.name,
  );
}
