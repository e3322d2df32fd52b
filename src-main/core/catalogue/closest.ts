/** Edit distance (Levenshtein), case-insensitive: how many single-character edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * The `count` candidates closest to `target`, nearest first (ties by name). `distance` may compare more than
 * the whole strings, for example a model id's model part alone.
 */
export function closestNames(
  target: string,
  candidates: Iterable<string>,
  count = 3,
  distance: (target: string, candidate: string) => number = editDistance,
): string[] {
  return [...new Set(candidates)]
    .map((name) => ({ name, score: distance(target, name) }))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((c) => c.name);
}

/** "a", "a or b", "a, b or c". */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
