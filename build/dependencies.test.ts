/**
 * The seams hold: no import circle anywhere (type-only imports included), the core's lower layers never reach up
 * into services, planning, batch or the composition root, renderer features never import each other, shared
 * renderer code never imports a feature, and the contract stands alone (`.dependency-cruiser.cjs`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, config, describe as line, violations } from './import-graph';

describe('the import graph', () => {
  it('breaks none of the seams', async () => {
    const found = await violations(['src-main', 'src-contract', 'src-preload', 'src-renderer']);
    expect(found.map(line)).toEqual([]);
  }, 120_000);

  it('would report an import circle, type-only imports included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modeldesk-circle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = { b?: B };\n");
      writeFileSync(join(dir, 'b.ts'), "import type { A } from './a';\nexport type B = { a?: A };\n");
      const rules = (config.forbidden ?? []).filter((rule) => rule.name === 'no-circular');
      const found = await violations([relative(ROOT, dir)], { rules });
      expect(found.map((v) => v.rule.name)).toEqual(['no-circular']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
