/**
 * The app as it was before a change, built beside the current one so the benchmark can measure both in the same run
 * (same machine, same load, same Chromium): the web host and renderer of `PREVIOUS_COMMIT` (or BENCH_PREVIOUS), taken
 * from git (`git archive`), built with this checkout's node_modules into .bench/previous/<commit> (git-ignored).
 * Building takes seconds; a build that fails (a commit whose dependencies differ too much) is reported, not fatal.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './host';

/**
 * Main before issue 16 (the streaming path that committed React every frame and parsed the growing block each
 * update): the "previous" side of the streaming figures.
 */
export const PREVIOUS_COMMIT = '6525a8b293151eb53dc4451d35001f299780b48d';

export type PreviousBuild = {
  commit: string;
  /** Short hash and subject, for the report. */
  label: string;
  hostEntry: string;
  rendererDir: string;
};

export type PreviousBuildResult = { build: PreviousBuild } | { build: null; reason: string };

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
}

/** Builds the previous version once per commit (reused by later runs); null with the reason when it cannot. */
export function buildPrevious(commit = process.env.BENCH_PREVIOUS ?? PREVIOUS_COMMIT): PreviousBuildResult {
  try {
    const full = git(['rev-parse', '--verify', `${commit}^{commit}`]);
    const label = git(['log', '-1', '--format=%h (%s)', full]);
    // Kept out of test-results (Playwright empties its output folder on every run), so one build serves many runs.
    const dir = join(REPO_ROOT, '.bench/previous', full);
    const build: PreviousBuild = {
      commit: full,
      label,
      hostEntry: join(dir, 'out/main/web-host.js'),
      rendererDir: join(dir, 'out/renderer'),
    };
    if (existsSync(build.hostEntry) && existsSync(join(build.rendererDir, 'index.html'))) return { build };
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = join(dir, '..', `${full}.tar`);
    git(['archive', '--format=tar', '-o', archive, full]);
    execFileSync('tar', ['-xf', archive, '-C', dir]);
    rmSync(archive, { force: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build', '--sourcemap'], {
      cwd: dir,
      stdio: 'pipe',
      timeout: 5 * 60_000,
    });
    return { build };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { build: null, reason: `the previous version (${commit}) could not be built: ${detail}` };
  }
}
