/**
 * Runs Electronegativity (Doyensec's Electron security scanner, offline) over the Electron shell and the
 * preload, and prints its findings as JSON on stdout. Its own exit code is 0 even when it finds problems, so
 * `build/electronegativity.test.ts` parses this output and fails on any high or medium finding that is not
 * acknowledged in `build/electronegativity-acknowledged.json` with a reason.
 *
 * The check that downloads Electron's release list is excluded (no network here; the Electron version is
 * pinned in package.json and reviewed on upgrade). The scanner also tries to fetch translations and can throw
 * from a timer afterwards, so this script exits as soon as the results are printed.
 *
 * The shell and the preload are copied into one temporary folder and scanned together, since the scanner's
 * global checks (navigation limits, permission handler, CSP) look across the whole application.
 *
 *   node build/electronegativity.mjs <dir>...
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

const findings = [];
const errors = [];
const scanned = mkdtempSync(join(tmpdir(), 'modeldesk-electronegativity-'));
for (const dir of process.argv.slice(2)) {
  cpSync(dir, join(scanned, basename(dir)), {
    recursive: true,
    filter: (path) => !/\.test\.tsx?$|[\\/]testing([\\/]|$)/.test(path),
  });
}
{
  const input = scanned;
  const result = await run({
    input,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: electronVersion,
    isRelative: true,
    parserPlugins: [],
  });
  for (const issue of result.issues) {
    findings.push({
      id: issue.id,
      severity: issue.severity?.name ?? String(issue.severity),
      confidence: issue.confidence?.name ?? String(issue.confidence),
      file: issue.file,
      line: issue.location?.line ?? 0,
      description: issue.description,
    });
  }
  errors.push(...result.errors);
}
rmSync(scanned, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ electronVersion, findings, errors })}\n`, () => process.exit(0));
