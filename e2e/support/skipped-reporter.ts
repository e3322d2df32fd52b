/**
 * A Playwright reporter that ends every run by listing each skipped test with the reason it gave, so a test that
 * could not run here (the Electron launch without Electron's binary) says so plainly instead of vanishing into a
 * count.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkippedReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}\n    ${reason}`);
  }

  onEnd(): void {
    if (this.skipped.length === 0) return;
    process.stdout.write(`\nSkipped tests (${this.skipped.length}):\n${this.skipped.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
