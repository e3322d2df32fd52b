/**
 * A stdio server's process and whatever it started (an `npx` wrapper runs node, a shell script runs a binary):
 * when Modeldesk stops a server, the MCP SDK ends the process it spawned, and this module makes sure nothing the
 * server started lives on as an orphan. The descendants are read before the server is stopped (afterwards they
 * are re-parented and can no longer be told apart), then ended if they outlived it.
 *
 * Linux reads /proc, macOS and other Unix systems ask `ps`; Windows ends the whole tree with `taskkill /T`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

type Parents = Map<number, number>;

function parentsFromProc(): Parents {
  const parents: Parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended while we read.
    }
  }
  return parents;
}

function parentsFromPs(): Parents {
  const parents: Parents = new Map();
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8', timeout: 5000 });
  for (const line of out.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && !Number.isNaN(ppid)) parents.set(pid, ppid);
  }
  return parents;
}

/** Every process below `pid` (children, grandchildren...), best effort; empty where it cannot be read. */
export function descendantsOf(pid: number): number[] {
  if (process.platform === 'win32') return [];
  let parents: Parents;
  try {
    parents = process.platform === 'linux' ? parentsFromProc() : parentsFromPs();
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const [child, parent] of parents) {
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [pid];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Ends these processes if they are still there (SIGKILL: they already outlived their parent's shutdown). */
export function endSurvivors(pids: readonly number[]): number[] {
  const ended: number[] = [];
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      ended.push(pid);
    } catch {
      // Gone in between, or not ours to end.
    }
  }
  return ended;
}

/** Waits (up to `ms`) until these processes are gone, so "stopped" means stopped. */
export async function waitGone(pids: readonly number[], ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (!pids.some(isAlive)) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Windows: the tree under `pid`, ended at once (the SDK's close ends only the process it spawned). */
export function endTreeOnWindows(pid: number): void {
  if (process.platform !== 'win32') return;
  try {
    execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', timeout: 5000 });
  } catch {
    // Already gone.
  }
}
