/**
 * Electronegativity in CI: the scanner exits 0 whatever it finds, so its findings are parsed here. Any high or
 * medium finding fails unless it is acknowledged, with a reason, in electronegativity-acknowledged.json; an
 * acknowledgement that no longer matches a finding fails too, so the list cannot go stale.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Finding = {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  description: string;
};
type Acknowledged = { id: string; file: string; reason: string };

const root = join(import.meta.dirname, '..');

function scan(): { findings: Finding[]; errors: unknown[] } {
  const stdout = execFileSync(
    process.execPath,
    [join(root, 'build/electronegativity.mjs'), 'src-main/hosts/electron', 'src-preload'],
    { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as { findings: Finding[]; errors: unknown[] };
}

describe('Electronegativity', () => {
  const acknowledged = JSON.parse(
    readFileSync(join(root, 'build/electronegativity-acknowledged.json'), 'utf8'),
  ) as Acknowledged[];
  const result = scan();
  const serious = result.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const matches = (a: Acknowledged, f: Finding) => a.id === f.id && a.file === f.file;

  it('parses every file of the shell and the preload', () => {
    expect(result.errors).toEqual([]);
  });

  it('finds nothing of high or medium severity that is not acknowledged with a reason', () => {
    const open = serious.filter((f) => !acknowledged.some((a) => matches(a, f)));
    expect(open).toEqual([]);
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('keeps no acknowledgement for a finding that is gone', () => {
    const stale = acknowledged.filter((a) => !serious.some((f) => matches(a, f)));
    expect(stale).toEqual([]);
  });
});
