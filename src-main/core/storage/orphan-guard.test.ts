/**
 * The test children that write until killed end themselves when the test process that started them dies
 * (issue 14: an orphaned writer ran for 34 minutes at 1.2 GB). A stand-in parent starts the child, reports its pid,
 * and is killed with SIGKILL; the child must be gone within a few seconds.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasProjectNode, projectNode } from './testing/crash';

const here = fileURLToPath(new URL('.', import.meta.url));
const CHILDREN = {
  'crash writer': [join(here, 'testing/crash-writer.mjs'), 'json'],
  'ledger append-until-killed': [
    '--import',
    join(here, '../ledger/testing/resolve-ts.mjs'),
    join(here, '../ledger/testing/append-until-killed.ts'),
  ],
} as const;

/** Starts the child with its output piped (as the tests do), prints its pid once it has written, then waits. */
const PARENT = `
const { spawn } = require('node:child_process');
const [node, ...args] = JSON.parse(process.argv[1]);
const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'ignore'] });
child.stdout.once('data', () => process.stdout.write(child.pid + '\\n'));
setInterval(() => {}, 1000);
`;

/** Alive and not a zombie (an orphan's zombie may wait for a reaper that never comes in a container). */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      const text = readFileSync(stat, 'utf8');
      return text.slice(text.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dirs: string[] = [];
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (running(pid)) process.kill(pid, 'SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasProjectNode)('test children that write until killed', () => {
  for (const [name, args] of Object.entries(CHILDREN)) {
    it(`end themselves when the test process dies: ${name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modeldesk-orphan-'));
      dirs.push(dir);
      const file = join(dir, name.startsWith('crash') ? 'state.json' : 'ledger.db');
      const parent = spawn(projectNode, ['-e', PARENT, JSON.stringify([projectNode, ...args, file])], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const childPid = await new Promise<number>((resolve, reject) => {
        parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        parent.once('exit', () => reject(new Error('The stand-in parent ended early')));
      });
      leftovers.push(childPid);
      expect(running(childPid)).toBe(true);
      parent.kill('SIGKILL');
      await expect.poll(() => running(childPid), { timeout: 10_000, interval: 50 }).toBe(false);
    });
  }
});
