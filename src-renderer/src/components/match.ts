/** What the search in a picker matches against. */
export type Searchable = { label: string; keywords?: string; group?: string };

/** Case- and accent-insensitive match of every word of the query against the option's label and keywords. */
export function matchesQuery(option: Searchable, query: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const haystack = fold(`${option.label} ${option.keywords ?? ''} ${option.group ?? ''}`);
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
