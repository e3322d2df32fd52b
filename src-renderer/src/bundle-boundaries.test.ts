/**
 * What the page bundle may carry. At run time the renderer imports contract modules that are zod-free (money,
 * formatting, names, error words), never one that imports zod (bridge, usage, models...: those it may import
 * for their types only, which the bundler erases). Checked on the import graph as the bundler sees it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { ROOT, describe as line, violations } from '../../build/import-graph';

/** Nothing under `from` reaches zod at run time. */
function zodFree(from: string): IForbiddenRuleType {
  return {
    name: 'renderer-runtime-zod-free',
    severity: 'error',
    from: { path: `^${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` },
    to: { path: 'node_modules/zod/', reachable: true },
  };
}

/** Every source file of the page (tests excluded). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|\.test-data\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the page bundle', () => {
  it('reaches no module that imports zod, at run time', async () => {
    const found = await violations(['src-renderer'], {
      rules: [zodFree('src-renderer/')],
      runtimeOnly: true,
    });
    expect(found.map(line)).toEqual([]);
  }, 120_000);

  it('would be caught importing a contract module that imports zod, and not one that is zod-free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modeldesk-page-'));
    const contract = (name: string) => JSON.stringify(join(ROOT, 'src-contract', name));
    try {
      writeFileSync(
        join(dir, 'money.ts'),
        `import { formatMicros } from ${contract('money')};\nexport const f = formatMicros;\n`,
      );
      writeFileSync(
        join(dir, 'types.ts'),
        `import type { Estimate } from ${contract('bridge')};\nexport type E = Estimate;\n`,
      );
      writeFileSync(
        join(dir, 'calls.ts'),
        `import { calls } from ${contract('bridge')};\nexport const c = calls;\n`,
      );
      const from = relative(ROOT, dir);
      const found = await violations([from], { rules: [zodFree(from)], runtimeOnly: true });
      expect(found.map((v) => relative(from, v.from))).toEqual(['calls.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('never imports electron or Node built-ins', () => {
    const offenders = sources(import.meta.dirname).filter((file) =>
      /from\s+'(electron|node:[a-z_]+)'/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(import.meta.dirname, f))).toEqual([]);
  });
});
