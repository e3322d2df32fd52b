/**
 * The real app for the benchmark: the web host (`out/main/web-host.js`, the same core as the desktop app) spawned
 * on a data directory against an in-process provider emulator, as `npm run serve` would run it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorEnvironment } from '../../../src-main/emulator/index';
import type { Emulator } from '../../../src-main/emulator/types';
import { heapAfterGc, inspectorUrl } from './inspector';

export const REPO_ROOT = join(import.meta.dirname, '../../..');
const HOST_ENTRY = join(REPO_ROOT, 'out/main/web-host.js');
const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;

export type RunningHost = {
  url: string;
  dataDir: string;
  pid: number;
  /** Resident memory of the host process, in bytes (Linux: VmRSS). */
  residentBytes(): number;
  /** Its JS heap in use after a full collection, in bytes (needs `inspect`). */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
};

export function requireBuild(): void {
  for (const path of [HOST_ENTRY, join(REPO_ROOT, 'out/renderer/index.html')]) {
    if (!existsSync(path))
      throw new Error(`${path} is missing: run \`npm run build\` first (npm run bench does).`);
  }
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'modeldesk-bench-'));
}

/** Environment without the machine's provider settings, plus the emulator's. */
function hostEnvironment(emulator: Emulator): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/(_API_KEY|_BASE_URL|_ENDPOINT|^OLLAMA_HOST|^OPENAI_API_VERSION|^MODELDESK_)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...emulatorEnvironment(emulator) };
}

/** CPU time a process has used so far (user and system, all its threads), in ms (Linux: /proc/PID/stat). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces, inside parentheses): utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: the unit of /proc times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export function residentBytesOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`No VmRSS for process ${pid}.`);
  return Number(kb) * 1024;
}

export async function startHost(
  emulator: Emulator,
  dataDir: string,
  /** `entry`: another build's web host (the previous version's), instead of this checkout's. */
  options: { inspect?: boolean; entry?: string } = {},
): Promise<RunningHost> {
  const flags = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
  if (process.env.BENCH_HOST_PROFILE_DIR)
    flags.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HOST_PROFILE_DIR}`);
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, options.entry ?? HOST_ENTRY, '--port', '0', '--data-dir', dataDir],
    {
      env: hostEnvironment(emulator),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host printed no URL:\n${printed}`)), 30_000);
    child.stdout?.on('data', () => {
      const match = URL_LINE.exec(printed);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited (${code}) before it was ready:\n${printed}`));
    });
  });
  return {
    url,
    dataDir,
    pid: child.pid!,
    residentBytes: () => residentBytesOf(child.pid!),
    heapAfterGc: () => {
      const url = inspectorUrl(printed);
      if (!url) throw new Error('The web host was not started with its inspector (startHost with inspect).');
      return heapAfterGc(url);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
