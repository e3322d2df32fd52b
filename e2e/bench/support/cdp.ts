/** The Chrome DevTools Protocol calls the benchmark makes: page metrics, CPU throttling, garbage collection. */
import type { CDPSession, Page } from '@playwright/test';

/** `Performance.getMetrics` by name: ScriptDuration, TaskDuration, LayoutDuration (seconds), JSHeapUsedSize... */
export type PageMetrics = Record<string, number>;

export class DevTools {
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

  async detach(): Promise<void> {
    await this.session.detach();
  }
}

/** Seconds of main-thread work between two metric snapshots, in milliseconds. */
export function durationBetween(before: PageMetrics, after: PageMetrics, name: string): number {
  return ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
}
