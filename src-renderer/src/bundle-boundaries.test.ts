import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of the page (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|\.test-data\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the page bundle', () => {
  it('imports only types from the contract, so zod stays out of it', () => {
    const offenders = sources(import.meta.dirname).filter((file) =>
      /import\s+(?!type\b)[^;]*?from\s+'@contract\//s.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(import.meta.dirname, f))).toEqual([]);
  });

  it('never imports electron or Node built-ins', () => {
    const offenders = sources(import.meta.dirname).filter((file) =>
      /from\s+'(electron|node:[a-z_]+)'/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(import.meta.dirname, f))).toEqual([]);
  });
});
