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
import type { Emulator, RecordedRequest } from '../../emulator';
import { Catalogue } from '../catalogue/catalogue';
import { Profiles } from '../catalogue/profiles';
import { Aggregates } from '../ledger/aggregate';
import { BudgetGuard } from '../ledger/budgets';
import { Ledger } from '../ledger/ledger';
import { policyStack, type StackOptions } from '../policies/test-support';
import { CallPlanner, JobPlanning } from '../planning/index';
import { AttachmentStore } from '../storage/attachments';
import { ConversationStore } from '../storage/conversations';
import { Database } from '../storage/database';
import { makeTempDir, pngBytes } from '../storage/testing/fixtures';
import { BatchService } from './batch-service';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let made = 0;

/**
 * `count` small PNGs named photo-1.png, photo-2.png..., each different from every image made before in this
 * file, so a late request of an earlier test can never be taken for one of this test's images.
 */
export function photos(count: number): Array<{ name: string; bytes: Buffer; hash: string }> {
  return Array.from({ length: count }, (_, i) => {
    const n = made++;
    const bytes = pngBytes(4 + (n % 7), 3 + (Math.floor(n / 7) % 5), n);
    return { name: `photo-${i + 1}.png`, bytes, hash: sha256(bytes) };
  });
}

/** The emulator's requests that carried one of these images. */
export function requestsFor(
  requests: readonly RecordedRequest[],
  hashes: readonly string[],
): RecordedRequest[] {
  return requests.filter((r) => r.imageSha256.some((hash) => hashes.includes(hash)));
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
    /** Read on every (re)open: change it before `reopen()` to restart with other profiles or settings. */
    readonly options: HarnessOptions = {},
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
    const isConfigured = (provider: string) => provider === 'openai' || provider === 'anthropic';
    const catalogue = new Catalogue({ isConfigured });
    this.catalogue = catalogue;
    const profiles = new Profiles(this.options.profiles ?? []);
    const planner = new CallPlanner({
      catalogue: () => catalogue,
      profiles: () => profiles,
      defaultProfileId: () => 'vision',
      fallbackOnAuthError: () => false,
    });
    const { pipeline } = policyStack(this.emulator, this.options.stack);
    const budgets = new BudgetGuard(new Aggregates(this.ledger), () => this.budgets);
    const planning = new JobPlanning({
      planner,
      facts: {
        isConfigured,
        labelOf: (provider) => provider,
        modelName: (ref) => catalogue.find(ref)?.displayName ?? ref,
      },
      catalogue: () => catalogue,
      budgets,
      fileOf: (hash) => this.attachments.filePath(hash),
    });
    this.service = new BatchService({
      db: this.db,
      attachments: this.attachments,
      conversations: this.conversations,
      pipeline,
      planning,
      ledger: this.ledger,
      budgets,
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

/** Lets `steps` steps of time pass (fake and a little real), whatever happens meanwhile. */
export async function passTime(steps: number): Promise<void> {
  for (let step = 0; step < steps; step++) {
    await vi.advanceTimersByTimeAsync(50);
    await realDelay(2);
  }
}

/** Runs time until the job is no longer running; returns it. */
export async function untilStopped(harness: BatchHarness, jobId: string): Promise<BatchJob> {
  await advanceUntil(() => harness.service.get({ jobId }).job.status !== 'running', 'the job stopped');
  return harness.service.get({ jobId }).job;
}
