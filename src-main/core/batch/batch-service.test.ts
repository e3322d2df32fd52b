/**
 * Batch jobs end to end in the core: the real BatchService over a temporary SQLite database, the real ledger,
 * budgets, planner and call pipeline, and the real adapters talking to the provider emulator over HTTP, with
 * faults scripted per image (429 with retry-after, 500s, an image the provider refuses, a damaged stored copy).
 */
import { writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchItem } from '@contract/batch';
import { maxRequestCostMicros } from '@contract/money';
import type { ErrorInfo } from '@contract/usage';
import type { RecordedRequest } from '../../emulator';
import { useEmulator, useFakeTime } from '../policies/test-support';
import { estimateTokens, localCountOptions } from '../planning/conversation-request';
import { imageTokens } from '../providers/index';
import {
  advanceUntil,
  BatchHarness,
  passTime,
  photos,
  requestsFor,
  untilStopped,
  type HarnessOptions,
} from './test-support';

const emulator = useEmulator();
let harness: BatchHarness | undefined;

beforeEach(useFakeTime);
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  vi.useRealTimers();
});

function open(options?: HarnessOptions): BatchHarness {
  harness = new BatchHarness(emulator(), options);
  return harness;
}

const PROMPT = 'What product is shown? Answer in one line.';

/** Answered chat requests (200, body complete) that carried the image with this hash. */
function answered(requests: readonly RecordedRequest[], hash: string): RecordedRequest[] {
  return requests.filter(
    (r) => r.imageSha256.includes(hash) && r.status === 200 && r.outcome === 'completed',
  );
}

const byIndex = (items: BatchItem[]) => [...items].sort((a, b) => a.index - b.index);

describe('a batch job', () => {
  it('answers every image exactly once through 429s, 500s and a refused image, and its totals match the ledger', async () => {
    const emu = emulator();
    const h = open({ stack: { settings: { openai: { retry: { maxAttempts: 3 } } } } });
    const images = photos(12);
    const hashes = h.add(images);
    const [rateLimited, flaky, broken, refused, down] = [
      hashes[1],
      hashes[4],
      hashes[6],
      hashes[8],
      hashes[10],
    ];
    emu.script(
      { match: { imageSha256: rateLimited }, fault: { kind: 'rate-limit', retryAfterSeconds: 2 } },
      { match: { imageSha256: flaky }, fault: { kind: 'status', status: 500 }, times: 2 },
      {
        match: { imageSha256: refused },
        fault: { kind: 'status', status: 400, message: 'The image could not be processed.' },
      },
      { match: { imageSha256: down }, fault: { kind: 'status', status: 500 }, times: Infinity },
      ...hashes.map((hash, i) => ({
        match: { imageSha256: hash },
        reply: { text: `Product ${i + 1}`, usage: { input: 120 + i, output: 7 + i } },
      })),
    );
    // The stored copy of one image is damaged after it was added: it is refused before anything is sent.
    writeFileSync(h.attachments.filePath(broken as string), 'not an image any more');

    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 4,
    });
    expect(created).toMatchObject({ status: 'draft', total: 12, done: 0, failed: 0, costMicros: 0 });
    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    await emu.idle();

    expect(job).toMatchObject({ status: 'completed', total: 12, done: 9, failed: 3 });
    const items = byIndex(h.service.get({ jobId: job.id }).items);
    for (const [i, item] of items.entries()) {
      const hash = hashes[i] as string;
      const failed = [broken, refused, down].includes(hash);
      expect(item.status, `image ${i + 1}`).toBe(failed ? 'failed' : 'done');
      if (!failed) {
        expect(item.answer).toBe(`Product ${i + 1}`);
        expect(item.model).toBe('openai:gpt-6-sol');
        expect(answered(emu.requests, hash), `image ${i + 1} answered once`).toHaveLength(1);
      }
    }
    expect(items[1]?.attempts).toBe(2);
    expect(items[4]?.attempts).toBe(3);
    expect(items[6]).toMatchObject({ attempts: 0, error: { kind: 'bad_request' } });
    expect(items[6]?.error?.message).toContain('photo-7.png');
    expect(emu.requests.some((r) => r.imageSha256.includes(broken as string))).toBe(false);
    expect(items[8]).toMatchObject({ attempts: 1, error: { kind: 'bad_request', status: 400 } });
    expect(items[10]).toMatchObject({ attempts: 3, error: { kind: 'server', status: 500 } });

    // Every provider call is one ledger row under the job and its item; the totals agree to the micro-dollar.
    const rows = h.ledger.byBatchJob(job.id);
    expect(rows).toHaveLength(requestsFor(emu.requests, hashes).length);
    expect(rows).toHaveLength(items.reduce((sum, item) => sum + item.attempts, 0));
    expect(rows.every((r) => r.purpose === 'batch' && items.some((i) => i.id === r.batchItemId))).toBe(true);
    expect(rows.every((r) => r.costMicros !== null)).toBe(true);
    const ledgerTotal = rows.reduce((sum, r) => sum + (r.costMicros ?? 0), 0);
    expect(ledgerTotal).toBeGreaterThan(0);
    expect(job.costMicros).toBe(ledgerTotal);
    expect(job.costUnknown).toBe(false);
    for (const item of items) {
      const own = rows.filter((r) => r.batchItemId === item.id);
      if (own.length === 0) continue;
      expect(item.costMicros).toBe(own.reduce((sum, r) => sum + (r.costMicros ?? 0), 0));
    }
    // $2 in and $10 out per million tokens for GPT-6 Sol: image 1's single call.
    expect(items[0]?.costMicros).toBe(120 * 2 + 7 * 10);
  });

  it('retries only the failed images, then completes', async () => {
    const emu = emulator();
    const h = open({ stack: { settings: { openai: { retry: { maxAttempts: 1 } } } } });
    const hashes = h.add(photos(5));
    emu.script({ match: { imageSha256: hashes[2] }, fault: { kind: 'status', status: 503 } });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 2,
    });
    await h.service.start({ jobId: created.id });
    expect(await untilStopped(h, created.id)).toMatchObject({ status: 'completed', done: 4, failed: 1 });

    await h.service.retryFailed({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    await emu.idle();
    expect(job).toMatchObject({ status: 'completed', done: 5, failed: 0 });
    for (const hash of hashes) expect(answered(emu.requests, hash)).toHaveLength(1);
    expect(requestsFor(emu.requests, hashes)).toHaveLength(6);
    expect(job.costMicros).toBe(h.ledger.byBatchJob(job.id).reduce((s, r) => s + (r.costMicros ?? 0), 0));
  });

  it('falls back to the next model of the profile when the first is overloaded', async () => {
    const emu = emulator();
    const h = open({
      stack: { settings: { anthropic: { retry: { maxAttempts: 1 } } } },
      profiles: [
        {
          id: 'photos',
          name: 'Photos',
          kind: 'model',
          model: 'anthropic:claude-haiku-4-5',
          fallback: ['openai:gpt-6-sol'],
        },
      ],
    });
    const hashes = h.add(photos(3));
    emu.script({
      match: { protocol: 'anthropic', imageSha256: hashes[1] },
      fault: { kind: 'overloaded' },
    });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { profileId: 'photos' },
      concurrency: 1,
    });
    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    const items = byIndex(h.service.get({ jobId: job.id }).items);
    expect(items.map((i) => [i.status, i.model])).toEqual([
      ['done', 'anthropic:claude-haiku-4-5'],
      ['done', 'openai:gpt-6-sol'],
      ['done', 'anthropic:claude-haiku-4-5'],
    ]);
    const rows = h.ledger.byBatchJob(job.id).filter((r) => r.batchItemId === items[1]?.id);
    expect(rows.map((r) => [r.role, r.provider, r.outcome, r.profileId])).toEqual([
      ['primary', 'anthropic', 'error', 'photos'],
      ['fallback', 'openai', 'ok', 'photos'],
    ]);
  });
});

describe('pause, resume and restart', () => {
  it('pauses: the calls in flight finish and keep their answers, nothing starts, and resuming asks nothing twice', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(8));
    emu.script({ reply: { firstByteDelayMs: 80 }, times: Infinity });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 2,
    });
    await h.service.start({ jobId: created.id });
    await advanceUntil(
      () =>
        h.service.get({ jobId: created.id }).job.done >= 2 &&
        requestsFor(emu.requests, hashes).filter((r) => r.outcome === 'in-progress').length === 2,
      'two images are done and two more are being answered',
    );
    const doneBefore = h.service.get({ jobId: created.id }).job.done;

    const pausing = h.service.pause({ jobId: created.id });
    await advanceUntil(
      () => emu.requests.every((r) => r.outcome !== 'in-progress'),
      'the calls in flight ended',
    );
    const paused = await pausing;
    expect(paused.status).toBe('paused');
    expect(paused.etaMs).toBeUndefined();
    // The two calls in flight were answered, and their answers kept: none was cut off, to be paid for again.
    expect(paused.done).toBe(doneBefore + 2);
    expect(requestsFor(emu.requests, hashes).filter((r) => r.outcome === 'client-disconnected')).toHaveLength(
      0,
    );
    const afterPause = h.service.get({ jobId: created.id }).items;
    expect(afterPause.some((i) => i.status === 'running' || i.status === 'failed')).toBe(false);
    expect(afterPause.filter((i) => i.status === 'pending')).toHaveLength(8 - paused.done);
    const requestsWhilePaused = requestsFor(emu.requests, hashes).length;
    await passTime(20);
    expect(requestsFor(emu.requests, hashes)).toHaveLength(requestsWhilePaused);

    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    await emu.idle();
    expect(job).toMatchObject({ status: 'completed', done: 8, failed: 0 });
    for (const hash of hashes) {
      expect(answered(emu.requests, hash)).toHaveLength(1);
      expect(requestsFor(emu.requests, [hash])).toHaveLength(1);
    }
    const rows = h.ledger.byBatchJob(job.id);
    expect(rows.filter((r) => r.outcome === 'aborted')).toHaveLength(0);
    expect(job.costMicros).toBe(rows.reduce((s, r) => s + (r.costMicros ?? 0), 0));
  });

  it('pauses an image waiting for a retry at once: it waits again, and is asked once more on resume', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(1));
    emu.script(
      { match: { imageSha256: hashes[0] }, fault: { kind: 'status', status: 500 }, times: 1 },
      { reply: { text: 'fine' }, times: Infinity },
    );
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-4.1' },
      concurrency: 1,
    });
    await h.service.start({ jobId: created.id });
    await advanceUntil(() => emu.requests.some((r) => r.status === 500), 'the first call failed');
    const paused = await h.service.pause({ jobId: created.id });
    expect(paused.status).toBe('paused');
    expect(h.service.get({ jobId: created.id }).items[0]?.status).toBe('pending');
    expect(requestsFor(emu.requests, hashes)).toHaveLength(1);
    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    expect(job).toMatchObject({ status: 'completed', done: 1 });
    expect(requestsFor(emu.requests, hashes)).toHaveLength(2);
  });

  it('resumes a running job after the app is closed and opened again, doing nothing twice and losing nothing', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(10));
    emu.script({ reply: { firstByteDelayMs: 60 }, times: Infinity });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 3,
    });
    await h.service.start({ jobId: created.id });
    await advanceUntil(() => h.service.get({ jobId: created.id }).job.done >= 3, 'three images are done');

    await h.reopen();
    await emu.idle();
    const reopened = h.service.get({ jobId: created.id });
    expect(reopened.job.status).toBe('running');
    expect(reopened.items.some((i) => i.status === 'running')).toBe(false);
    const doneBefore = reopened.items.filter((i) => i.status === 'done').map((i) => [i.id, i.answer]);
    expect(doneBefore.length).toBeGreaterThanOrEqual(3);

    expect(await h.service.resumeInterrupted()).toEqual([created.id]);
    const job = await untilStopped(h, created.id);
    await emu.idle();
    expect(job).toMatchObject({ status: 'completed', done: 10, failed: 0 });
    for (const hash of hashes) expect(answered(emu.requests, hash)).toHaveLength(1);
    const after = h.service.get({ jobId: created.id }).items;
    for (const [id, answer] of doneBefore) expect(after.find((i) => i.id === id)?.answer).toBe(answer);
    expect(job.costMicros).toBe(h.ledger.byBatchJob(job.id).reduce((s, r) => s + (r.costMicros ?? 0), 0));
  });

  it('puts items left running by a crash back to pending and resumes the job', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(4));
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 2,
    });
    // What a killed process leaves behind: the job running, two items marked running, no answer saved.
    h.db.run("UPDATE batch_jobs SET status = 'running' WHERE id = ?", created.id);
    h.db.run("UPDATE batch_items SET status = 'running' WHERE job_id = ? AND idx < 2", created.id);
    await h.reopen();
    expect(h.service.get({ jobId: created.id }).items.map((i) => i.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    await h.service.resumeInterrupted();
    const job = await untilStopped(h, created.id);
    await emu.idle();
    expect(job).toMatchObject({ status: 'completed', done: 4 });
    for (const hash of hashes) expect(answered(emu.requests, hash)).toHaveLength(1);
    // The two calls the kill cut off are in the ledger (input estimated), and the job's cost includes them.
    const records = h.ledger.byBatchJob(created.id);
    const cut = records.filter((r) => r.outcome === 'interrupted');
    expect(cut).toHaveLength(2);
    expect(cut.every((r) => r.usage.source === 'estimated' && r.usage.input.uncached > 0)).toBe(true);
    expect(job.costMicros).toBe(records.reduce((sum, r) => sum + (r.costMicros ?? 0), 0));
  });

  it('pauses, instead of losing, a running job that can no longer be planned after a restart', async () => {
    const h = open({
      profiles: [{ id: 'shop', name: 'Shop', kind: 'model', model: 'openai:gpt-6-sol' }],
    });
    const hashes = h.add(photos(2));
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { profileId: 'shop' },
      concurrency: 1,
    });
    h.db.run("UPDATE batch_jobs SET status = 'running' WHERE id = ?", created.id);
    h.options.profiles = [];
    await h.reopen();
    expect(await h.service.resumeInterrupted()).toEqual([]);
    expect(h.service.get({ jobId: created.id }).job).toMatchObject({ status: 'paused', total: 2, done: 0 });
    expect(h.events.at(-1)?.job).toMatchObject({ id: created.id, status: 'paused' });
    await expect(h.service.start({ jobId: created.id })).rejects.toMatchObject({
      info: { kind: 'bad_request', message: expect.stringContaining('shop') },
    });
  });

  it('cancels: the calls in flight are aborted and every image not done is cancelled', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(6));
    emu.script({ reply: { firstByteDelayMs: 80 }, times: Infinity });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 2,
    });
    await h.service.start({ jobId: created.id });
    await advanceUntil(() => h.service.get({ jobId: created.id }).job.done >= 1, 'an image is done');
    const cancelled = await h.service.cancel({ jobId: created.id });
    await emu.idle();
    expect(cancelled.status).toBe('cancelled');
    const items = h.service.get({ jobId: created.id }).items;
    expect(items.filter((i) => i.status === 'cancelled')).toHaveLength(6 - cancelled.done);
    expect(items.some((i) => i.status === 'pending' || i.status === 'running')).toBe(false);
    await expect(h.service.start({ jobId: created.id })).rejects.toMatchObject({
      info: { kind: 'bad_request' },
    });
  });
});

describe('budgets', () => {
  it('pauses the job when the budget cannot hold the next image, and goes on once it is raised', async () => {
    const emu = emulator();
    const h = open({ profiles: [], budgets: { monthlyMicros: 1, warnAtPercent: 80 } });
    const hashes = h.add(photos(3));
    emu.script({ reply: { text: 'ok', usage: { input: 100, output: 5 } }, times: Infinity });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 1,
    });
    await h.service.start({ jobId: created.id });
    const paused = await untilStopped(h, created.id);
    expect(paused).toMatchObject({ status: 'paused', done: 0, failed: 0 });
    const first = byIndex(h.service.get({ jobId: created.id }).items)[0];
    expect(first).toMatchObject({ status: 'pending', attempts: 0, error: { kind: 'budget' } });
    expect(requestsFor(emu.requests, hashes)).toHaveLength(0);

    h.budgets = { monthlyMicros: 100_000_000, warnAtPercent: 80 };
    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    expect(job).toMatchObject({ status: 'completed', done: 3 });
    expect(h.service.get({ jobId: created.id }).items.every((i) => i.error === undefined)).toBe(true);
  });
});

describe('structured answers', () => {
  const schema = {
    type: 'object',
    properties: { product: { type: 'string' }, price: { type: 'number' } },
    required: ['product', 'price'],
    additionalProperties: false,
  };

  it('checks each answer against the schema, repairs a bad one once, and exports the fields as columns', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(3));
    emu.script(
      { match: { imageSha256: hashes[0] }, reply: { text: '{"product":"mug","price":4.5}' } },
      { match: { imageSha256: hashes[1] }, reply: { text: 'Sorry, that is a teapot.' } },
      { match: { imageSha256: hashes[1] }, reply: { text: '{"product":"teapot","price":12}' } },
      { match: { imageSha256: hashes[2] }, reply: { text: '{"product":"jar"}' }, times: Infinity },
    );
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      schema,
      concurrency: 1,
    });
    await h.service.start({ jobId: created.id });
    const job = await untilStopped(h, created.id);
    expect(job).toMatchObject({ status: 'completed', done: 2, failed: 1, schema });
    const items = byIndex(h.service.get({ jobId: job.id }).items);
    expect(items.map((i) => [i.status, i.structured])).toEqual([
      ['done', { product: 'mug', price: 4.5 }],
      ['done', { product: 'teapot', price: 12 }],
      ['failed', undefined],
    ]);
    expect(items[2]?.error).toMatchObject({ kind: 'invalid_output' });
    const first = requestsFor(emu.requests, [hashes[0] as string])[0]?.body as {
      response_format?: { type: string };
    };
    expect(first.response_format?.type).toBe('json_schema');
    const rows = h.ledger.byBatchJob(job.id);
    expect(rows.filter((r) => r.batchItemId === items[1]?.id).map((r) => [r.role, r.outcome])).toEqual([
      ['primary', 'ok'],
      ['repair', 'ok'],
    ]);
    expect(rows.filter((r) => r.batchItemId === items[2]?.id)).toHaveLength(2);
    expect(job.costMicros).toBe(rows.reduce((s, r) => s + (r.costMicros ?? 0), 0));

    const csv = Papa.parse<Record<string, string>>(
      h.service.export({ jobId: job.id, format: 'csv' }).content,
      {
        header: true,
      },
    );
    expect(csv.meta.fields?.slice(3, 6)).toEqual(['model', 'product', 'price']);
    expect(csv.data.map((r) => [r.product, r.price])).toEqual([
      ['mug', '4.5'],
      ['teapot', '12'],
      ['', ''],
    ]);
  });

  it('refuses a schema that is not a JSON schema before storing anything', async () => {
    const h = open();
    const hashes = h.add(photos(1));
    const refusal: unknown = await h.service
      .create({
        prompt: PROMPT,
        attachments: hashes,
        target: { model: 'openai:gpt-6-sol' },
        schema: { type: 'not-a-type' },
        concurrency: 1,
      })
      .catch((error: unknown) => error);
    expect((refusal as { toInfo(): ErrorInfo }).toInfo()).toMatchObject({ kind: 'bad_request' });
    expect(h.service.list({})).toEqual([]);
  });
});

describe('estimate', () => {
  it('counts the images, their tokens and the most they can cost, with the budget left', async () => {
    const h = open({ budgets: { monthlyMicros: 5_000_000, warnAtPercent: 80 } });
    const images = photos(3);
    const hashes = h.add([...images, images[0] as (typeof images)[0]]);
    const estimate = await h.service.estimate({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
    });
    const model = h.catalogue.get('openai:gpt-6-sol');
    const options = localCountOptions('openai', model.model);
    const prompt = await estimateTokens([{ role: 'user', content: PROMPT }], [], model, 'openai');
    const perImage = hashes
      .slice(0, 3)
      .map((hash) => h.attachments.get(hash))
      .map((a) => prompt.inputTokens + imageTokens(options.imageFormula, a?.width ?? 0, a?.height ?? 0));
    expect(estimate).toEqual({
      images: 3,
      inputTokens: perImage.reduce((a, b) => a + b, 0),
      maxCostMicros: perImage.reduce(
        (sum, tokens) => sum + (maxRequestCostMicros(model.prices, tokens, model.maxOutputTokens) ?? NaN),
        0,
      ),
      budgetLeftMicros: 5_000_000,
      model: 'openai:gpt-6-sol',
    });
  });

  it('refuses a model that cannot see images, saying what to do, in the estimate and on create alike', async () => {
    const h = open();
    const hashes = h.add(photos(1));
    const input = { prompt: PROMPT, attachments: hashes, target: { profileId: 'local' } };
    const refusal = {
      kind: 'bad_request',
      message: 'Llama 3.1 8B (local) cannot see images, nor can the models it falls back to.',
      action: expect.stringContaining('see images'),
    };
    const estimate = await h.service.estimate(input);
    expect(estimate.blocked?.error).toMatchObject(refusal);
    expect(estimate.blocked?.suggestions.map((s) => s.label)).toContain('Use the Vision profile');
    await expect(h.service.create({ ...input, concurrency: 2 })).rejects.toMatchObject({ info: refusal });
  });
});

describe('results', () => {
  it('exports CSV (one row per image, formulas escaped) and JSON', async () => {
    const emu = emulator();
    const h = open();
    const images = photos(3);
    const hashes = h.add(images);
    emu.script(
      { match: { imageSha256: hashes[0] }, reply: { text: 'A red mug, "large"' } },
      { match: { imageSha256: hashes[1] }, reply: { text: '=HYPERLINK("http://evil")' } },
      { match: { imageSha256: hashes[2] }, reply: { text: 'Line one\nline two' } },
    );
    const created = await h.service.create({
      title: 'Mugs',
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 3,
    });
    await h.service.start({ jobId: created.id });
    await untilStopped(h, created.id);

    const csv = h.service.export({ jobId: created.id, format: 'csv' });
    expect(csv.mediaType).toBe('text/csv');
    expect(csv.filename).toMatch(/^batch-mugs-\d{4}-\d{2}-\d{2}\.csv$/);
    const parsed = Papa.parse<Record<string, string>>(csv.content, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'index',
      'file',
      'status',
      'model',
      'answer',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'attempts',
      'error',
    ]);
    expect(parsed.data.map((r) => [r.index, r.file, r.status, r.answer])).toEqual([
      ['1', 'photo-1.png', 'done', 'A red mug, "large"'],
      ['2', 'photo-2.png', 'done', `'=HYPERLINK("http://evil")`],
      ['3', 'photo-3.png', 'done', 'Line one\nline two'],
    ]);
    const items = byIndex(h.service.get({ jobId: created.id }).items);
    expect(parsed.data[0]?.cost_usd).toBe(`0.${String(items[0]?.costMicros).padStart(6, '0')}`);

    const json = h.service.export({ jobId: created.id, format: 'json' });
    const document = JSON.parse(json.content) as { job: { id: string }; items: Array<{ answer: string }> };
    expect(document.job.id).toBe(created.id);
    expect(document.items.map((i) => i.answer)).toEqual(items.map((i) => i.answer));
  });

  it('opens a finished image as a conversation with the prompt, the image and the answer', async () => {
    const emu = emulator();
    const h = open();
    const hashes = h.add(photos(2));
    emu.script({ match: { imageSha256: hashes[1] }, reply: { text: 'A blue teapot' } });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 2,
    });
    await h.service.start({ jobId: created.id });
    await untilStopped(h, created.id);
    const item = byIndex(h.service.get({ jobId: created.id }).items)[1] as BatchItem;
    const conversation = h.service.openAsConversation({ jobId: created.id, itemId: item.id });
    const stored = h.conversations.get(conversation.id);
    expect(stored?.messages.map((m) => [m.role, m.text, m.attachments.map((a) => a.hash), m.status])).toEqual(
      [
        ['user', PROMPT, [hashes[1]], 'complete'],
        ['assistant', 'A blue teapot', [], 'complete'],
      ],
    );
    expect(stored?.messages[1]?.model).toBe('openai:gpt-6-sol');
    expect(conversation.title).toContain('photo-2.png');
  });

  it('keeps batch images through attachment garbage collection', async () => {
    const h = open();
    const hashes = h.add(photos(2));
    await h.service.create({ prompt: PROMPT, attachments: hashes, target: {}, concurrency: 1 });
    h.attachments.collectGarbage(-1);
    expect(hashes.map((hash) => h.attachments.get(hash)?.hash)).toEqual(hashes);
  });
});

describe('progress', () => {
  it('sends throttled events with the changed items, the running cost and an ETA, and one when the job ends', async () => {
    const emu = emulator();
    const h = open({ progressIntervalMs: 200 });
    const hashes = h.add(photos(6));
    emu.script({ reply: { firstByteDelayMs: 20 }, times: Infinity });
    const created = await h.service.create({
      prompt: PROMPT,
      attachments: hashes,
      target: { model: 'openai:gpt-6-sol' },
      concurrency: 1,
    });
    await h.service.start({ jobId: created.id });
    await untilStopped(h, created.id);
    const events = h.events.filter((e) => e.job.id === created.id);
    const last = events.at(-1);
    expect(last?.job).toMatchObject({ status: 'completed', done: 6 });
    expect(last?.job.costMicros).toBe(h.service.get({ jobId: created.id }).job.costMicros);
    const seen = new Map<string, string>();
    for (const event of events) for (const item of event.items) seen.set(item.id, item.status);
    expect([...seen.values()]).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(events.some((e) => e.job.status === 'running' && e.job.etaMs !== undefined)).toBe(true);
    expect(events.filter((e) => e.job.status === 'running').length).toBeLessThan(6 * 3);
  });
});
