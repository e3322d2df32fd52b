import { describe, expect, it } from 'vitest';
import { matchesQuery } from './match';
import { sortRows } from './sort';

describe('matchesQuery', () => {
  const option = {
    label: 'Claude Sonnet 4.5',
    keywords: 'anthropic:claude-sonnet-4-5 anthropic',
    group: 'Anthropic',
  };
  it('matches every word, in any order, in the label, keywords or group', () => {
    expect(matchesQuery(option, 'sonnet')).toBe(true);
    expect(matchesQuery(option, '4.5 claude')).toBe(true);
    expect(matchesQuery(option, 'anthropic sonnet')).toBe(true);
    expect(matchesQuery(option, 'opus')).toBe(false);
    expect(matchesQuery(option, '')).toBe(true);
  });
  it('ignores case and accents', () => {
    expect(matchesQuery({ label: 'Résumé helper' }, 'RESUME')).toBe(true);
  });
});

describe('sortRows', () => {
  const rows = [
    { name: 'b', price: 3 },
    { name: 'a10', price: null },
    { name: 'a2', price: 0.15 },
  ];
  it('sorts numbers and strings (numeric-aware) both ways, unknown values last', () => {
    expect(sortRows(rows, (r) => r.price, 'ascending').map((r) => r.name)).toEqual(['a2', 'b', 'a10']);
    expect(sortRows(rows, (r) => r.price, 'descending').map((r) => r.name)).toEqual(['b', 'a2', 'a10']);
    expect(sortRows(rows, (r) => r.name, 'ascending').map((r) => r.name)).toEqual(['a2', 'a10', 'b']);
  });
});
