import { describe, expect, it } from 'vitest';
import { MAX_NAME, nameTools } from './tool-names';

const key = (e: { server: string; tool: string }) => e;

describe('tool names for providers', () => {
  it('prefixes the server, keeps only safe characters, and stays unique and short', () => {
    const named = nameTools(
      [
        { server: 'files', tool: 'read_text_file' },
        { server: 'web', tool: 'fetch.url' },
        { server: 'web', tool: 'fetch/url' },
        { server: 'long-server-name-for-tests', tool: 'a'.repeat(100) },
        { server: 'x', tool: '!!!' },
      ],
      key,
    );
    const names = named.map((n) => n.name);
    expect(names.slice(0, 2)).toEqual(['files__read_text_file', 'web__fetch_url']);
    expect(names[2]).toMatch(/^web__fetch_url_[0-9a-f]{6}$/);
    expect(names[4]).toBe('x__tool');
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(name.length).toBeLessThanOrEqual(MAX_NAME);
    }
    expect(named[3]?.entry.tool).toBe('a'.repeat(100));
  });
});
