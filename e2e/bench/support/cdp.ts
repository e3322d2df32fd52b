/** The Chrome DevTools Protocol calls the benchmark makes: page metrics, CPU throttling, garbage collection. */
import type { CDPSession, Page } from '@playwright/test';

/** `Performance.getMetrics` by name: ScriptDuration, TaskDuration, LayoutDuration (seconds), JSHeapUsedSize... */
export type PageMetrics = Record<string, number>;

export class DevTools {
  /** The last CPU profile taken (for saving it when exploring). */
  lastProfile: unknown = null;

  private constructor(private readonly session: CDPSession) {}

  static async attach(page: Page): Promise<DevTools> {
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    return new DevTools(session);
  }

  async metrics(): Promise<PageMetrics> {
    const { metrics } = await this.session.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  }

  /** Slows the page's CPU `rate` times (1 = normal). */
  async throttle(rate: number): Promise<void> {
    await this.session.send('Emulation.setCPUThrottlingRate', { rate });
  }

  /** JS heap in use after a full garbage collection, in bytes. */
  async heapAfterGc(): Promise<number> {
    await this.session.send('HeapProfiler.collectGarbage');
    await this.session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.session.send('Runtime.getHeapUsage');
    return usedSize;
  }

  /** Starts the sampling CPU profiler (one sample per `intervalUs` microseconds). */
  async startProfiler(intervalUs = 500): Promise<void> {
    await this.session.send('Profiler.enable');
    await this.session.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.session.send('Profiler.start');
  }

  /** Stops the profiler; returns the time it saw JavaScript running, and where (named by `nameOf`). */
  async stopProfiler(nameOf?: (frame: ProfileFrame) => string): Promise<ScriptTime> {
    const { profile } = await this.session.send('Profiler.stop');
    await this.session.send('Profiler.disable');
    this.lastProfile = profile;
    return scriptTimeOf(profile, nameOf);
  }

  async detach(): Promise<void> {
    await this.session.detach();
  }
}

/** Seconds of main-thread work between two metric snapshots, in milliseconds. */
export function durationBetween(before: PageMetrics, after: PageMetrics, name: string): number {
  return ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
}

/** Where a profiled function is: its name, script URL, and 0-based line and column. */
export type ProfileFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };

type CpuProfile = {
  nodes: Array<{ id: number; callFrame: ProfileFrame; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
};

export type ScriptTime = {
  /** Milliseconds the sampled profile spent running JavaScript (not idle, not the engine's own work, not GC). */
  totalMs: number;
  /** Where that time went (self time), largest first, named by `nameOf`. */
  top: Array<{ name: string; ms: number }>;
  /**
   * All of it by the code that spent it, in ms: each sample goes to its innermost frame that has a script (named
   * by `nameOf`), so a browser built-in counts for its caller (DOMPurify's `parseFromString` for DOMPurify, the
   * bridge's `WebSocket.send` for the bridge); code the benchmark injected into the page is `BENCH_PROBE`.
   */
  byOwner: Record<string, number>;
};

/** The owner of what the benchmark's own page script (the probe) costs. */
export const BENCH_PROBE = 'bench probe';

/** A function's name and the file it is in: `parse (index-abc.js)`; browser built-ins have no file. */
export function functionName(frame: ProfileFrame): string {
  const file = frame.url.split('/').pop() ?? '';
  return `${frame.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
}

const NOT_SCRIPT = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

export function scriptTimeOf(
  profile: CpuProfile,
  nameOf: (frame: ProfileFrame) => string = functionName,
  topCount = 8,
): ScriptTime {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const owners = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const known = owners.get(id);
    if (known !== undefined) return known;
    const frame = nodes.get(id)!;
    const parent = parents.get(id);
    const owner = frame.url
      ? nameOf(frame)
      : frame.lineNumber >= 0
        ? BENCH_PROBE
        : parent !== undefined && !NOT_SCRIPT.has(nodes.get(parent)!.functionName)
          ? ownerOf(parent)
          : nameOf(frame);
    owners.set(id, owner);
    return owner;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const byName = new Map<string, number>();
  const byOwner: Record<string, number> = {};
  let micros = 0;
  for (let i = 0; i < samples.length; i++) {
    const frame = nodes.get(samples[i]!);
    if (!frame || NOT_SCRIPT.has(frame.functionName)) continue;
    const took = deltas[i + 1] ?? 0;
    micros += took;
    const name = nameOf(frame);
    byName.set(name, (byName.get(name) ?? 0) + took);
    const owner = ownerOf(samples[i]!);
    byOwner[owner] = (byOwner[owner] ?? 0) + took / 1000;
  }
  const top = [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topCount)
    .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: micros / 1000, top, byOwner };
}
