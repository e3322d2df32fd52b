/**
 * Batch jobs and their items in the shared SQLite database (area `batch`). Every change of an item is one
 * statement or one transaction, so a killed app keeps each item as it last was: `done` with its answer, or
 * `running` (put back to `pending` on the next open, see `requeueRunning`). Items refer to their image by hash;
 * the store declares that reference so attachment garbage collection keeps batch images.
 *
 * A job's counts and cost are not stored: they are summed from its items on every read, and an item's cost is
 * added in the same transaction as the ledger row it comes from (`addAttempt`), so a job's total always equals
 * the ledger's rows for it.
 */
import { randomUUID } from 'node:crypto';
import type { BatchItem, BatchItemStatus, BatchJob } from '@contract/batch';
import type { LedgerRecord } from '@contract/ledger';
import type { ErrorInfo, Usage } from '@contract/usage';
import { attachmentFromRow, type AttachmentRow, type AttachmentStore } from '../storage/attachments';
import type { Database, Migration } from '../storage/database';

export const BATCH_AREA = 'batch';

const migrations: Migration[] = [
  {
    version: 1,
    up: `
CREATE TABLE batch_jobs (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  prompt TEXT NOT NULL,
  profile_id TEXT,
  model TEXT,
  schema TEXT,
  concurrency INTEGER NOT NULL CHECK (concurrency BETWEEN 1 AND 16),
  status TEXT NOT NULL CHECK (status IN ('draft', 'running', 'paused', 'completed', 'cancelled')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX batch_jobs_by_status ON batch_jobs (status);
CREATE TABLE batch_items (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  answer TEXT,
  structured TEXT,
  model TEXT,
  usage TEXT,
  cost_micros INTEGER NOT NULL DEFAULT 0,
  cost_unknown INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  started_at INTEGER,
  finished_at INTEGER,
  UNIQUE (job_id, idx)
) STRICT;
CREATE INDEX batch_items_by_status ON batch_items (job_id, status, idx);
CREATE INDEX batch_items_by_hash ON batch_items (hash);
`,
  },
];

export type JobStatus = BatchJob['status'];

/** A job as stored, without the figures summed from its items. */
export type JobRecord = {
  id: string;
  title: string;
  prompt: string;
  profileId?: string;
  model?: string;
  schema?: Record<string, unknown>;
  concurrency: number;
  status: JobStatus;
  createdAt: number;
  updatedAt: number;
};

export type JobCounts = {
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
  costMicros: number;
  costUnknown: boolean;
};

type JobRow = {
  id: string;
  title: string;
  prompt: string;
  profile_id: string | null;
  model: string | null;
  schema: string | null;
  concurrency: number;
  status: JobStatus;
  created_at: number;
  updated_at: number;
};

type ItemRow = AttachmentRow & {
  id: string;
  job_id: string;
  idx: number;
  status: BatchItemStatus;
  answer: string | null;
  structured: string | null;
  item_model: string | null;
  usage: string | null;
  cost_micros: number;
  cost_unknown: number;
  attempts: number;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
};

const JOB_COLUMNS =
  'id, title, prompt, profile_id, model, schema, concurrency, status, created_at, updated_at';
const ITEM_COLUMNS = `i.id, i.job_id, i.idx, i.status, i.answer, i.structured, i.model AS item_model, i.usage,
  i.cost_micros, i.cost_unknown, i.attempts, i.error, i.started_at, i.finished_at,
  a.hash, a.media_type, a.width, a.height, a.bytes, a.name`;
const ITEM_FROM = 'batch_items i JOIN attachments a ON a.hash = i.hash';

function toJob(row: JobRow): JobRecord {
  const job: JobRecord = {
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    concurrency: row.concurrency,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.profile_id !== null) job.profileId = row.profile_id;
  if (row.model !== null) job.model = row.model;
  if (row.schema !== null) job.schema = JSON.parse(row.schema) as Record<string, unknown>;
  return job;
}

function toItem(row: ItemRow): BatchItem {
  const item: BatchItem = {
    id: row.id,
    jobId: row.job_id,
    index: row.idx,
    attachment: attachmentFromRow(row),
    status: row.status,
    attempts: row.attempts,
  };
  if (row.answer !== null) item.answer = row.answer;
  if (row.structured !== null) item.structured = JSON.parse(row.structured) as unknown;
  if (row.item_model !== null) item.model = row.item_model;
  if (row.usage !== null) item.usage = JSON.parse(row.usage) as Usage;
  if (row.attempts > 0) item.costMicros = row.cost_unknown ? null : row.cost_micros;
  if (row.error !== null) item.error = JSON.parse(row.error) as ErrorInfo;
  if (row.started_at !== null) item.startedAt = row.started_at;
  if (row.finished_at !== null) item.finishedAt = row.finished_at;
  return item;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** How an item ended: its answer, or the error that ended it. */
export type ItemResult =
  | {
      status: 'done';
      answer: string;
      structured?: unknown;
      model: string;
      usage: Usage;
    }
  | { status: 'failed'; error: ErrorInfo; model?: string; usage?: Usage }
  /** Back to the queue, never sent; `error` says why when something stopped it (a budget). */
  | { status: 'pending'; error?: ErrorInfo }
  | { status: 'cancelled' };

export class BatchStore {
  private readonly db: Database;
  private readonly now: () => number;

  constructor(db: Database, attachments: AttachmentStore, now: () => number = Date.now) {
    this.db = db;
    this.now = now;
    db.migrate(BATCH_AREA, migrations);
    attachments.addReferenceQuery('SELECT hash FROM batch_items');
  }

  createJob(input: {
    title: string;
    prompt: string;
    profileId?: string;
    model?: string;
    schema?: Record<string, unknown>;
    concurrency: number;
    hashes: readonly string[];
  }): JobRecord {
    const id = randomUUID();
    const at = this.now();
    this.db.transaction(() => {
      this.db.run(
        `INSERT INTO batch_jobs (${JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
        id,
        input.title,
        input.prompt,
        input.profileId ?? null,
        input.model ?? null,
        json(input.schema),
        input.concurrency,
        at,
        at,
      );
      input.hashes.forEach((hash, index) =>
        this.db.run(
          "INSERT INTO batch_items (id, job_id, idx, hash, status) VALUES (?, ?, ?, ?, 'pending')",
          randomUUID(),
          id,
          index,
          hash,
        ),
      );
    });
    return this.requireJob(id);
  }

  job(id: string): JobRecord | null {
    const row = this.db.get<JobRow>(`SELECT ${JOB_COLUMNS} FROM batch_jobs WHERE id = ?`, id);
    return row ? toJob(row) : null;
  }

  requireJob(id: string): JobRecord {
    const job = this.job(id);
    if (!job) throw new Error(`The batch job ${id} is not stored.`);
    return job;
  }

  /** Every job, newest first. */
  jobs(): JobRecord[] {
    return this.db
      .all<JobRow>(`SELECT ${JOB_COLUMNS} FROM batch_jobs ORDER BY created_at DESC, id`)
      .map(toJob);
  }

  jobsWithStatus(status: JobStatus): JobRecord[] {
    return this.db
      .all<JobRow>(`SELECT ${JOB_COLUMNS} FROM batch_jobs WHERE status = ? ORDER BY created_at`, status)
      .map(toJob);
  }

  setJobStatus(id: string, status: JobStatus): void {
    this.db.run('UPDATE batch_jobs SET status = ?, updated_at = ? WHERE id = ?', status, this.now(), id);
  }

  counts(jobId: string): JobCounts {
    const rows = this.db.all<{ status: BatchItemStatus; n: number; cost: number; unknown: number }>(
      `SELECT status, count(*) AS n, sum(cost_micros) AS cost, max(cost_unknown) AS unknown
       FROM batch_items WHERE job_id = ? GROUP BY status`,
      jobId,
    );
    const counts: JobCounts = {
      total: 0,
      pending: 0,
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
      costMicros: 0,
      costUnknown: false,
    };
    for (const row of rows) {
      counts[row.status] = row.n;
      counts.total += row.n;
      counts.costMicros += row.cost;
      counts.costUnknown ||= row.unknown === 1;
    }
    return counts;
  }

  items(jobId: string): BatchItem[] {
    return this.db
      .all<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.job_id = ? ORDER BY i.idx`, jobId)
      .map(toItem);
  }

  itemsById(ids: readonly string[]): BatchItem[] {
    if (ids.length === 0) return [];
    return this.db
      .all<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.idx`,
        JSON.stringify(ids),
      )
      .map(toItem);
  }

  item(id: string): BatchItem | null {
    return this.itemsById([id])[0] ?? null;
  }

  /** Items of the job waiting to run (pending), in order. */
  pendingItems(jobId: string): BatchItem[] {
    return this.db
      .all<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.job_id = ? AND i.status = 'pending' ORDER BY i.idx`,
        jobId,
      )
      .map(toItem);
  }

  /** Takes the job's next pending item and marks it running, in one statement; null when none is left. */
  claimNext(jobId: string): BatchItem | null {
    const claimed = this.db.get<{ id: string }>(
      `UPDATE batch_items SET status = 'running', started_at = ?, error = NULL
       WHERE id = (SELECT id FROM batch_items WHERE job_id = ? AND status = 'pending' ORDER BY idx LIMIT 1)
       RETURNING id`,
      this.now(),
      jobId,
    );
    return claimed ? this.item(claimed.id) : null;
  }

  /**
   * Appends a ledger row (`append`) and adds its cost to its item in one transaction: the item's cost and the
   * ledger can never disagree, even if the app is killed between two calls.
   */
  addAttempt(itemId: string, append: () => LedgerRecord): LedgerRecord {
    return this.db.transaction(() => {
      const record = append();
      this.db.run(
        `UPDATE batch_items SET attempts = attempts + 1, cost_micros = cost_micros + ?,
           cost_unknown = max(cost_unknown, ?) WHERE id = ?`,
        record.costMicros ?? 0,
        record.costMicros === null ? 1 : 0,
        itemId,
      );
      return record;
    });
  }

  /** Ends a running item. Returns false when it was not running any more (nothing is changed then). */
  finishItem(itemId: string, result: ItemResult): boolean {
    const at = this.now();
    switch (result.status) {
      case 'done':
        return (
          this.db.run(
            `UPDATE batch_items SET status = 'done', answer = ?, structured = ?, model = ?, usage = ?, error = NULL,
               finished_at = ? WHERE id = ? AND status = 'running'`,
            result.answer,
            json(result.structured),
            result.model,
            json(result.usage),
            at,
            itemId,
          ).changes > 0
        );
      case 'failed':
        return (
          this.db.run(
            `UPDATE batch_items SET status = 'failed', error = ?, model = coalesce(?, model),
               usage = coalesce(?, usage), finished_at = ? WHERE id = ? AND status = 'running'`,
            json(result.error),
            result.model ?? null,
            json(result.usage),
            at,
            itemId,
          ).changes > 0
        );
      case 'pending':
        return (
          this.db.run(
            "UPDATE batch_items SET status = 'pending', error = ? WHERE id = ? AND status = 'running'",
            json(result.error),
            itemId,
          ).changes > 0
        );
      case 'cancelled':
        return (
          this.db.run(
            "UPDATE batch_items SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'running'",
            at,
            itemId,
          ).changes > 0
        );
    }
  }

  /** Marks the job's waiting items cancelled; returns their ids. */
  cancelPending(jobId: string): string[] {
    return this.db
      .all<{ id: string }>(
        `UPDATE batch_items SET status = 'cancelled', finished_at = ? WHERE job_id = ? AND status = 'pending'
         RETURNING id`,
        this.now(),
        jobId,
      )
      .map((r) => r.id);
  }

  /** Puts the job's items with one of `statuses` back to pending (errors cleared); returns their ids. */
  requeue(jobId: string, statuses: readonly BatchItemStatus[]): string[] {
    return this.db
      .all<{ id: string }>(
        `UPDATE batch_items SET status = 'pending', error = NULL, finished_at = NULL
         WHERE job_id = ? AND status IN (SELECT value FROM json_each(?))
         RETURNING id`,
        jobId,
        JSON.stringify(statuses),
      )
      .map((r) => r.id);
  }

  /** Items left `running` by a process that stopped (a crash, a kill) go back to pending; returns how many. */
  requeueRunning(): number {
    return Number(this.db.run("UPDATE batch_items SET status = 'pending' WHERE status = 'running'").changes);
  }
}
