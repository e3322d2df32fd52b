/**
 * Shared set-up for the batch tests: a real SQLite database in a temporary folder, the real attachment,
 * conversation, ledger and budget stores over it, the real catalogue and CallPlanner, and a call pipeline whose
 * real adapters talk to the provider emulator over HTTP. `reopen()` closes everything and opens it again on the
 * same files, as a restart of the app would.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as realDelay } from 'node:timers/promises';
import { vi } from 'vitest';
import type { BatchJob } from '@contract/batch';
import type { EventPayload } from '@contract/bridge';
import type { Budgets } from '@contract/ledger';
import type { ProfileInput } from '@contract/profiles';
import type { Emulator } from '../../emulator';
import { Catalogue } from '../catalogue/catalogue';
import { Profiles } from '../catalogue/profiles';
import { Aggregates } from '../ledger/aggregate';
import { BudgetGuard } from '../ledger/budgets';
import { Ledger } from '../ledger/ledger';
import { policyStack, type StackOptions } from '../policies/test-support';
import { CallPlanner } from '../services/call-planner';
import { AttachmentStore } from '../storage/attachments';
import { ConversationStore } from '../storage/conversations';
import { Database } from '../storage/database';
import { makeTempDir, pngBytes } from '../storage/testing/fixtures';
import { BatchService } from './batch-service';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `count` distinct small PNGs (each its own hash), named photo-1.png, photo-2.png... */
export function photos(count: number): Array<{ name: string; bytes: Buffer; hash: string }> {
  return Array.from({ length: count }, (_, i) => {
    const bytes = pngBytes(4 + (i % 5), 3 + (i % 4), i);
    return { name: `photo-${i + 1}.png`, bytes, hash: sha256(bytes) };
  });
}

export type HarnessOptions = {
  stack?: StackOptions;
  profiles?: ProfileInput[];
  budgets?: Budgets;
  progressIntervalMs?: number;
};

/** One "app": the stores, the pipeline and a BatchService over one data folder. */
export class BatchHarness {
  readonly dir: string;
  readonly events: Array<EventPayload<'batch.progress'>> = [];
  budgets: Budgets;
  db!: Database;
  attachments!: AttachmentStore;
  conversations!: ConversationStore;
  ledger!: Ledger;
  catalogue!: Catalogue;
  service!: BatchService;
  private readonly removeDir: () => void;

  constructor(
    private readonly emulator: Emulator,
    private readonly options: HarnessOptions = {},
  ) {
    const temp = makeTempDir('modeldesk-batch-');
    this.dir = temp.dir;
    this.removeDir = temp.remove;
    this.budgets = options.budgets ?? { warnAtPercent: 80 };
    this.open();
  }

  private open(): void {
    this.db = new Database(join(this.dir, 'modeldesk.db'));
    this.attachments = new AttachmentStore(this.db, { dir: join(this.dir, 'attachments') });
    this.conversations = new ConversationStore(this.db, { attachments: this.attachments });
    this.ledger = new Ledger(this.db, { timeZone: 'UTC' });
    const catalogue = new Catalogue({ isConfigured: (p) => p === 'openai' || p === 'anthropic' });
    this.catalogue = catalogue;
    const profiles = new Profiles(this.options.profiles ?? []);
    const planner = new CallPlanner({
      catalogue: () => catalogue,
      profiles: () => profiles,
      defaultProfileId: () => 'vision',
      fallbackOnAuthError: () => false,
    });
    const { pipeline } = policyStack(this.emulator, this.options.stack);
    this.service = new BatchService({
      db: this.db,
      attachments: this.attachments,
      conversations: this.conversations,
      pipeline,
      planner,
      ledger: this.ledger,
      budgets: new BudgetGuard(new Aggregates(this.ledger), () => this.budgets),
      catalogue: () => catalogue,
      emit: (payload) => this.events.push(payload),
      progressIntervalMs: this.options.progressIntervalMs,
    });
  }

  /** Stores images as the renderer's `attachments.add` would; returns their hashes. */
  add(images: ReadonlyArray<{ name: string; bytes: Uint8Array }>): string[] {
    return images.map((image) => this.attachments.add(image).hash);
  }

  /** Stops the service and closes the database, as quitting the app does, then opens everything again. */
  async reopen(): Promise<void> {
    await this.service.dispose();
    this.db.close();
    this.open();
  }

  async close(): Promise<void> {
    await this.service.dispose();
    this.db.close();
    this.removeDir();
  }
}

/**
 * Lets time pass (fake timers: retry waits, rate limits and the progress throttle) in small steps, with real
 * pauses between for the emulator's HTTP, until `done` holds.
 */
export async function advanceUntil(done: () => boolean, what: string, maxSteps = 4000): Promise<void> {
  for (let step = 0; step < maxSteps; step++) {
    if (done()) return;
    await vi.advanceTimersByTimeAsync(50);
    await realDelay(2);
  }
  throw new Error(`Gave up waiting until ${what}.`);
}

/** Runs time until the job is no longer running; returns it. */
export async function untilStopped(harness: BatchHarness, jobId: string): Promise<BatchJob> {
  await advanceUntil(() => harness.service.get({ jobId }).job.status !== 'running', 'the job stopped');
  return harness.service.get({ jobId }).job;
}
