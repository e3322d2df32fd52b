/** Starts the crash writer as a child process and kills it with SIGKILL once it has written enough lines. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The Node the project runs on (Node 24 from npm), as the brief asks; the system Node lacks node:sqlite. */
export const projectNode = join(repoRoot, 'node_modules', '.bin', 'node');
export const hasProjectNode = existsSync(projectNode);

/** Runs the writer until it has printed `killAfterLines` lines, kills it with SIGKILL, returns every full line. */
export function runAndKill(
  mode: 'json' | 'database' | 'settings',
  file: string,
  killAfterLines: number,
): Promise<string[]> {
  const child = spawn(
    projectNode,
    [fileURLToPath(new URL('./crash-writer.mjs', import.meta.url)), mode, file],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length >= killAfterLines && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`The crash writer ended before it was killed: ${stderr}`));
    });
  });
}
