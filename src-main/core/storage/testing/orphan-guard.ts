/**
 * For a test's child process that loops until it is killed (the crash writer, the ledger's append-until-killed):
 * it ends itself once the process that started it is gone, so a test runner that dies or is killed leaves no
 * writer running (one such orphan ran for 34 minutes and grew to 1.2 GB). Those loops never yield, so no event
 * (stdin's `end`, a `disconnect`) could ever reach them: the guard is a function the loop calls on every turn,
 * which looks at most every 100 ms whether the parent still exists. On Linux the parent id is read live from
 * /proc (an orphan is re-parented; Node's `process.ppid` is fixed at start); elsewhere a signal 0 to the parent
 * says whether it still exists.
 */
import { readFileSync } from 'node:fs';

/** The live parent id on Linux, from /proc/self/stat (the field after the command's closing parenthesis). */
function liveParentId(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function parentGone(parent: number): boolean {
  const live = liveParentId();
  if (live !== null) return live !== parent;
  try {
    process.kill(parent, 0);
    return false;
  } catch {
    return true;
  }
}

/** Returns the check to call on each turn of the loop: it exits the process once its parent is gone. */
export function exitWhenOrphaned(intervalMs = 100): () => void {
  const parent = liveParentId() ?? process.ppid;
  let next = Date.now() + intervalMs;
  return () => {
    const now = Date.now();
    if (now < next) return;
    next = now + intervalMs;
    if (parentGone(parent)) process.exit(70);
  };
}
