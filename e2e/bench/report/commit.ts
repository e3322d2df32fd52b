/** The commit the benchmark measures: its short hash, and whether the working tree differed from it. */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../support/host';

export function commit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `commit ${hash} with uncommitted changes` : `commit ${hash}`;
  } catch {
    return 'not a git checkout';
  }
}
