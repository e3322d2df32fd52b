/**
 * The chat service as the renderer reaches it: calls through the bridge router of a real core (SQLite, vault,
 * pipeline, adapters on the official SDKs) against the provider emulator over HTTP; stream batches as the host
 * would deliver them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeResult, CallInput, CallName, CallOutput, ChatStreamBatch } from '@contract/bridge';
import type { Conversation, Message } from '@contract/conversations';
import { ERROR_WORDS } from '@contract/error-words';
import { formatTokens } from '@contract/format';
import { computeCost } from '@contract/money';
import { emulatorEnvironment, startEmulator } from '../../emulator/index';
import {
  datasetWithChanges,
  hasSnapshots,
  startDatasetServer,
} from '../catalogue/refresh/testing/dataset-server';
import type { Emulator } from '../../emulator/types';
import { createAppCore, type AppCore } from '../app-core';

const CLIENT = 'window-1';

type Harness = {
  core: AppCore;
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  fail(name: CallName, input: unknown): Promise<{ kind: string; message: string }>;
  batches: ChatStreamBatch[];
  /** Resolves with the last event of a stream (done or error), acknowledging batches as a renderer does. */
  finished(streamId: string): Promise<{ type: 'done' | 'error'; message: Message }>;
};

let emulator: Emulator;
let dataDir: string;
let harness: Harness | undefined;

async function open(env: Record<string, string> = emulatorEnvironment(emulator)): Promise<Harness> {
  const core = await createAppCore({
    host: 'web',
    dataDir,
    env,
    version: 'test',
    platform: 'linux',
    vault: { kind: 'memory' },
    openExternal: async () => ({ opened: false }),
    healthCheckIntervalMs: 0,
    // The catalogue's day: which models have retired does not move with the clock the tests run on.
    now: () => Date.parse('2026-12-07T12:00:00Z'),
  });
  const batches: ChatStreamBatch[] = [];
  const waiters = new Map<string, (last: { type: 'done' | 'error'; message: Message }) => void>();
  const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> => {
    const result = (await core.router.dispatch(name, input, { clientId: CLIENT })) as BridgeResult<
      CallOutput<N>
    >;
    if (!result.ok) throw new Error(`${name}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  core.events.subscribe(({ name, payload, to }) => {
    if (name !== 'chat.stream') return;
    expect(to).toBe(CLIENT);
    const batch = payload as ChatStreamBatch;
    batches.push(batch);
    void core.router.dispatch('chat.ack', { streamId: batch.streamId, seq: batch.seq }, { clientId: CLIENT });
    for (const event of batch.events) {
      if (event.type === 'done' || event.type === 'error') {
        waiters.get(batch.streamId)?.({ type: event.type, message: event.message });
      }
    }
  });
  harness = {
    core,
    call,
    batches,
    async fail(name, input) {
      const result = await core.router.dispatch(name, input, { clientId: CLIENT });
      if (result.ok) throw new Error(`${name} should have failed`);
      return result.error;
    },
    finished(streamId) {
      const done = batches
        .filter((b) => b.streamId === streamId)
        .flatMap((b) => b.events)
        .find((e) => e.type === 'done' || e.type === 'error');
      if (done && (done.type === 'done' || done.type === 'error')) {
        return Promise.resolve({ type: done.type, message: done.message });
      }
      return new Promise((resolve) => waiters.set(streamId, resolve));
    },
  };
  return harness;
}

type Changed = { ids: string[]; update?: { conversations: Conversation[]; messages: Message[] } };

/**
 * A window's copy of a conversation, kept only from `conversations.changed` the way the renderer keeps it: an update
 * applied as it is (the conversation replaced, messages put in by id, new ones appended), anything else read again.
 * `settlesAsStored` checks that the copy ends up as stored: an event that carries an update must carry all that
 * changed.
 */
function followAsWindow(h: Harness, conversationId: string) {
  let copy: { conversation: Conversation; messages: Message[] } | undefined;
  let queue = Promise.resolve();
  const read = async () => {
    copy = await h.call('conversations.get', { id: conversationId });
  };
  queue = queue.then(read);
  h.core.events.subscribe(({ name, payload }) => {
    if (name !== 'conversations.changed') return;
    const { ids, update } = payload as Changed;
    if (!ids.includes(conversationId)) return;
    queue = queue.then(async () => {
      if (!update || !copy) return read();
      const conversation = update.conversations.find((c) => c.id === conversationId) ?? copy.conversation;
      const messages = [...copy.messages];
      for (const message of update.messages.filter((m) => m.conversationId === conversationId)) {
        const at = messages.findIndex((m) => m.id === message.id);
        if (at >= 0) messages[at] = message;
        else messages.push(message);
      }
      copy = { conversation, messages };
    });
  });
  return {
    /** Waits until the copy is what is stored now (the last events may still be on their way). */
    async settlesAsStored() {
      const stored = await h.call('conversations.get', { id: conversationId });
      await expect
        .poll(async () => {
          await queue;
          return copy;
        })
        .toEqual(stored);
    },
  };
}

/** Anthropic without retries, so an outage moves on (or fails) at once. */
async function anthropicTriesOnce(h: Harness): Promise<void> {
  await h.call('providers.upsert', {
    provider: {
      id: 'anthropic',
      kind: 'anthropic',
      preset: 'anthropic',
      label: 'Anthropic',
      retry: { maxAttempts: 1 },
    },
  });
}

/** A new conversation, one message in it to `model`, and the answer's last event. */
async function askIn(h: Harness, text: string, model: string) {
  const conversation = await h.call('conversations.create', {});
  const sent = await h.call('chat.send', { conversationId: conversation.id, text, target: { model } });
  return { conversation, sent, last: await h.finished(sent.streamId) };
}

beforeEach(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-chat-'));
});

afterEach(async () => {
  await harness?.core.dispose();
  harness = undefined;
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('chat through the bridge', () => {
  it('streams an answer in ordered batches, saves it, and writes its cost to the ledger', async () => {
    const h = await open();
    emulator.script({
      match: { promptIncludes: 'haiku' },
      reply: {
        chunks: ['Autumn ', 'moonlight— ', 'a worm ', 'digs silently ', 'into the chestnut.'],
        usage: { input: 1200, output: 30 },
      },
    });
    const { conversation, sent, last } = await askIn(h, 'Write a haiku', 'openai:gpt-6-sol');
    expect(last.type).toBe('done');
    expect(last.message.text).toBe('Autumn moonlight— a worm digs silently into the chestnut.');

    const own = h.batches.filter((b) => b.streamId === sent.streamId);
    expect(own.map((b) => b.seq)).toEqual(own.map((_, i) => i));
    const streamed = own
      .flatMap((b) => b.events)
      .filter((e) => e.type === 'text')
      .map((e) => (e.type === 'text' ? e.text : ''))
      .join('');
    expect(streamed).toBe(last.message.text);

    const stored = await h.call('conversations.get', { id: conversation.id });
    expect(stored.conversation.title).toBe('Write a haiku');
    const answer = stored.messages.find((m) => m.id === sent.assistantMessageId);
    expect(answer?.status).toBe('complete');
    expect(answer?.model).toBe('openai:gpt-6-sol');

    const models = await h.call('models.list', {});
    const prices = models.find((m) => m.id === 'openai:gpt-6-sol')?.prices ?? null;
    const expected = computeCost(answer!.usage!, prices).costMicros;
    expect(expected).toBeGreaterThan(0);
    expect(answer?.costMicros).toBe(expected);
    const records = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'ok',
      provider: 'openai',
      model: 'gpt-6-sol',
      costMicros: expected,
    });
    const review = await h.call('costs.conversation', { conversationId: conversation.id });
    expect(review.totalMicros).toBe(expected);
  });

  it('tells the windows what a send changed, so they need not read the conversation again', async () => {
    const h = await open();
    const changes: {
      ids: string[];
      update?: { conversations: { id: string; title: string }[]; messages: Message[] };
    }[] = [];
    h.core.events.subscribe(({ name, payload }) => {
      if (name === 'conversations.changed') changes.push(payload as (typeof changes)[number]);
    });
    emulator.script({ match: { promptIncludes: 'colour' }, reply: { chunks: ['Blue', ', mostly.'] } });
    const { conversation, sent, last } = await askIn(h, 'Name a colour', 'openai:gpt-6-sol');
    await expect.poll(() => changes.length).toBe(2);
    const stored = await h.call('conversations.get', { id: conversation.id });

    // Sent: the conversation as stored (retitled) and its two new messages.
    const [started, finished] = changes;
    expect(started?.ids).toEqual([conversation.id]);
    expect(started?.update?.conversations.map((c) => [c.id, c.title])).toEqual([
      [conversation.id, 'Name a colour'],
    ]);
    expect(started?.update?.messages.map((m) => [m.id, m.role, m.status])).toEqual([
      [sent.userMessageId, 'user', 'complete'],
      [sent.assistantMessageId, 'assistant', 'streaming'],
    ]);
    // Finished: the answer as stored, and the conversation with its cost.
    expect(finished?.update?.messages).toEqual([last.message]);
    expect(finished?.update?.messages[0]).toEqual(
      stored.messages.find((m) => m.id === sent.assistantMessageId),
    );
    expect(finished?.update?.conversations).toEqual([stored.conversation]);

    // An edit removes messages: the windows are told to read the conversation again.
    changes.length = 0;
    emulator.script({ match: { promptIncludes: 'shade' }, reply: { text: 'Teal.' } });
    const edited = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'Name a shade',
      target: { model: 'openai:gpt-6-sol' },
      editOf: sent.userMessageId,
    });
    await h.finished(edited.streamId);
    await expect.poll(() => changes.length).toBe(2);
    expect(changes[0]).toEqual({ ids: [conversation.id] });
    expect(changes[1]?.update?.messages.map((m) => m.text)).toEqual(['Teal.']);
  });

  it('stops a stream at once, keeping what arrived, marked stopped, with an aborted ledger row', async () => {
    const h = await open();
    emulator.script({
      match: { promptIncludes: 'long story' },
      reply: { chunks: Array.from({ length: 200 }, (_, i) => `word${i} `), chunkDelayMs: 20 },
    });
    const conversation = await h.call('conversations.create', {});
    const sent = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'Tell me a long story',
      target: { model: 'anthropic:claude-sonnet-5' },
    });
    await expect
      .poll(() => h.batches.flatMap((b) => b.events).filter((e) => e.type === 'text').length)
      .toBeGreaterThan(2);
    expect(await h.call('chat.stop', { streamId: sent.streamId })).toEqual({ ok: true });
    const last = await h.finished(sent.streamId);
    expect(last.type).toBe('done');
    expect(last.message.status).toBe('stopped');
    expect(last.message.text).toMatch(/^word0 word1 /);
    expect(last.message.text.length).toBeLessThan(200 * 6);
    await emulator.idle();
    const request = emulator.requests.find((r) => r.stream);
    expect(request?.outcome).not.toBe('completed');
    const records = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
    expect(records.map((r) => r.outcome)).toEqual(['aborted']);
  });

  it('stops the answers of a window that closes, keeping what arrived', async () => {
    const h = await open();
    emulator.script({ reply: { chunks: Array.from({ length: 200 }, (_, i) => `t${i} `), chunkDelayMs: 20 } });
    const conversation = await h.call('conversations.create', { model: 'openai:gpt-6-sol' });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'Go on' });
    // Wait until the window has seen at least two pieces, so there is something to keep.
    await expect
      .poll(() =>
        h.batches
          .flatMap((b) => b.events)
          .map((e) => (e.type === 'text' ? e.text : ''))
          .join(''),
      )
      .toMatch(/^t0 t1 /);
    h.core.clientDisconnected(CLIENT);
    await expect
      .poll(async () => (await h.call('conversations.get', { id: conversation.id })).messages.at(-1)?.status)
      .toBe('stopped');
    const { messages } = await h.call('conversations.get', { id: conversation.id });
    expect(messages.at(-1)?.id).toBe(sent.assistantMessageId);
    expect(messages.at(-1)?.text).toMatch(/^t0 t1 /);
  });

  it('an answer cut mid-stream (the socket dropped) reads as interrupted, keeps its text, offers Retry, and its cost is estimated, never $0 (issue 14)', async () => {
    const h = await open();
    emulator.script({
      match: { promptIncludes: 'cut me' },
      reply: {
        text: 'alpha beta gamma delta epsilon zeta eta theta',
        chunkSize: 6,
        usage: { input: 50, output: 12 },
      },
      fault: { kind: 'cut-mid-stream', afterChunks: 3 },
    });
    const conversation = await h.call('conversations.create', {});
    const sent = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'Please cut me off',
      target: { model: 'openai:gpt-4.1' },
    });
    const last = await h.finished(sent.streamId);
    expect(last.type).toBe('error');
    const { message } = last;
    expect(message.text).toBe('alpha beta gamma d');
    expect(message.error?.kind).toBe('interrupted');
    expect(message.error?.interruptedBy).toBe('connection');
    expect(message.error?.message).toMatch(
      /^The answer was interrupted before it was complete \(connection failed/,
    );
    expect(message.error?.message).not.toMatch(/Could not|network|reachable/i);
    expect(ERROR_WORDS[message.error!.kind].offers).toContain('retry');
    expect(message.usage?.source).toBe('estimated');
    expect(message.usage?.output.text).toBeGreaterThan(0);
    expect(message.costMicros).toBeGreaterThan(0);
    const stored = await h.call('conversations.get', { id: conversation.id });
    expect(stored.messages.find((m) => m.id === sent.assistantMessageId)).toMatchObject({
      text: 'alpha beta gamma d',
      error: { kind: 'interrupted' },
    });
    const records = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
    expect(records.map((r) => [r.outcome, r.usage.source])).toEqual([['interrupted', 'estimated']]);
    expect(records[0]!.costMicros).toBe(message.costMicros);
    const review = await h.call('costs.conversation', { conversationId: conversation.id });
    expect(review.totalMicros).toBe(message.costMicros);
    expect(review.estimatedCalls).toBe(1);
    expect(review.topMessages[0]).toMatchObject({ messageId: sent.assistantMessageId, estimated: true });
  });

  it('shows a rate limit as a retry with its wait, then the answer; both calls are in the ledger', async () => {
    const h = await open();
    emulator.script(
      { match: { promptIncludes: 'busy' }, fault: { kind: 'rate-limit', retryAfterMs: 300 }, times: 1 },
      { match: { promptIncludes: 'busy' }, reply: { text: 'Here now.' } },
    );
    const conversation = await h.call('conversations.create', {});
    const sent = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'Are you busy?',
      target: { model: 'openai:gpt-6-luna' },
    });
    const last = await h.finished(sent.streamId);
    expect(last.message.text).toBe('Here now.');
    const retry = h.batches.flatMap((b) => b.events).find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ type: 'retry', attempt: 2, provider: 'OpenAI', model: 'gpt-6-luna' });
    expect(retry?.type === 'retry' && retry.error.kind).toBe('rate_limit');
    const records = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
    expect(records.map((r) => [r.role, r.outcome])).toEqual([
      ['primary', 'error'],
      ['retry', 'ok'],
    ]);
  });

  it('falls back to the next model of the profile when the first is overloaded, and says why', async () => {
    const h = await open();
    emulator.script({ match: { protocol: 'anthropic' }, fault: { kind: 'overloaded' } });
    emulator.script({ match: { protocol: 'openai' }, reply: { text: 'GPT here.' } });
    await anthropicTriesOnce(h);
    const conversation = await h.call('conversations.create', { profileId: 'default' });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'Hello' });
    const last = await h.finished(sent.streamId);
    expect(last.message.text).toBe('GPT here.');
    expect(last.message.model).toBe('openai:gpt-6-sol');
    const fallback = h.batches.flatMap((b) => b.events).find((e) => e.type === 'fallback');
    expect(fallback).toMatchObject({ from: 'anthropic:claude-sonnet-5', to: 'openai:gpt-6-sol' });
    expect(last.message.attempts?.map((a) => [a.model, a.outcome])).toEqual([
      ['anthropic:claude-sonnet-5', 'failed'],
      ['openai:gpt-6-sol', 'served'],
    ]);
  });

  it('after an outage of every model tried, the error names the model main offers instead; after a refused key, none', async () => {
    const h = await open();
    emulator.script({ match: { promptIncludes: 'outage' }, fault: { kind: 'overloaded' }, times: 10 });
    await anthropicTriesOnce(h);
    const { conversation, last } = await askIn(h, 'An outage', 'anthropic:claude-sonnet-5');
    expect(last.type).toBe('error');
    const tried = last.message.attempts?.map((a) => a.model) ?? [];
    expect(tried.length).toBeGreaterThan(0);
    const instead = last.message.error?.instead;
    expect(instead).toBeDefined();
    const models = await h.call('models.list', {});
    const offered = models.find((m) => m.id === instead)!;
    expect(offered.configured).toBe(true);
    expect(tried).not.toContain(instead);
    const failedProviders = (last.message.attempts ?? [])
      .filter((a) => a.outcome !== 'skipped')
      .map((a) => a.model.split(':')[0]);
    expect(failedProviders).not.toContain(offered.provider);
    // The offer is kept with the answer: the conversation read back has it too.
    const { messages } = await h.call('conversations.get', { id: conversation.id });
    expect(messages.at(-1)?.error?.instead).toBe(instead);

    emulator.script({ match: { promptIncludes: 'refused key' }, fault: { kind: 'status', status: 401 } });
    const again = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'A refused key',
      target: { model: 'openai:gpt-6-sol' },
    });
    const refused = await h.finished(again.streamId);
    expect(refused.message.error?.kind).toBe('authentication');
    expect(refused.message.error?.instead).toBeUndefined();
  });

  it('refuses an image for a model that cannot see, before anything is sent, and says what to pick', async () => {
    const h = await open();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const image = await h.call('attachments.add', {
      mediaType: 'image/png',
      dataBase64: png.toString('base64'),
    });
    await h.call('models.upsertCustom', {
      model: {
        id: 'openai:text-only-1',
        provider: 'openai',
        model: 'text-only-1',
        displayName: 'Text Only',
        contextWindow: 8000,
        maxOutputTokens: 1000,
        capabilities: {
          vision: false,
          tools: false,
          structuredOutput: false,
          reasoning: false,
          streaming: true,
        },
        prices: { inputPerM: 1, outputPerM: 2 },
        qualityTier: 2,
      },
    });
    const conversation = await h.call('conversations.create', { model: 'openai:text-only-1' });
    const estimate = await h.call('chat.estimate', {
      conversationId: conversation.id,
      text: 'What is this?',
      attachments: [image.hash],
    });
    expect(estimate.blocked?.reason).toMatch(/Text Only cannot see images/);
    expect(estimate.blocked?.suggestions.some((s) => s.profileId === 'vision')).toBe(true);
    const error = await h.fail('chat.send', {
      conversationId: conversation.id,
      text: 'What is this?',
      attachments: [image.hash],
    });
    expect(error.message).toMatch(/image|vision/i);
    expect(emulator.requests.filter((r) => r.stream || r.path.includes('chat'))).toHaveLength(0);
  });

  it('refuses a send to a provider that is not set up as unconfigured, saying where to add the key', async () => {
    const h = await open();
    const conversation = await h.call('conversations.create', { model: 'groq:llama-3.3-70b-versatile' });
    const error = await h.fail('chat.send', { conversationId: conversation.id, text: 'Hello' });
    expect(error).toMatchObject({
      kind: 'unconfigured',
      message: 'Groq is not set up yet.',
      action: expect.stringContaining('Settings → Providers'),
    });
    expect(emulator.requests).toHaveLength(0);
    const estimate = await h.call('chat.estimate', { conversationId: conversation.id, text: 'Hello' });
    expect(estimate.blocked?.reason).toMatch(/^Groq is not set up yet\. Add its key/);
  });

  it('estimates tokens and the most a message can cost before it is sent', async () => {
    const h = await open();
    const estimate = await h.call('chat.estimate', {
      text: 'Hello there, how are you today?',
      target: { model: 'openai:gpt-6-sol' },
    });
    expect(estimate.model).toBe('openai:gpt-6-sol');
    expect(estimate.method).toBe('exact');
    expect(estimate.inputTokens).toBeGreaterThan(5);
    expect(estimate.inputTokens).toBeLessThan(30);
    expect(estimate.maxCostMicros).toBeGreaterThan(estimate.inputCostMicros ?? 0);
    expect(estimate.blocked).toBeUndefined();
  });

  it('refuses a message its budget cannot cover, with the budget kind, without calling the provider', async () => {
    const h = await open();
    await h.call('budgets.update', { budgets: { monthlyMicros: 50, warnAtPercent: 80 } });
    const conversation = await h.call('conversations.create', { model: 'openai:gpt-6-sol' });
    const error = await h.fail('chat.send', { conversationId: conversation.id, text: 'Hello' });
    expect(error.kind).toBe('budget');
    expect(error.message).toMatch(/budget/i);
    expect(emulator.requests).toHaveLength(0);
    // A refused send stores nothing (issue 14): no message, the title and the draft as they were.
    const stored = await h.call('conversations.get', { id: conversation.id });
    expect(stored.messages).toEqual([]);
    expect(stored.conversation.title).toBe(conversation.title);
  });

  it('a refused send stores nothing: an edit or a regeneration refused by the budget keeps the conversation as it was (issue 14)', async () => {
    const h = await open();
    emulator.script({ reply: { text: 'First answer.' } });
    const conversation = await h.call('conversations.create', { model: 'openai:gpt-4.1' });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'First question' });
    await h.finished(sent.streamId);
    await h.call('conversations.update', { id: conversation.id, draft: 'half a thought' });
    const before = await h.call('conversations.get', { id: conversation.id });
    await h.call('budgets.update', { budgets: { monthlyMicros: 1, warnAtPercent: 80 } });
    const refusals = [
      { conversationId: conversation.id, text: 'Another question' },
      { conversationId: conversation.id, text: 'Edited question', editOf: sent.userMessageId },
      { conversationId: conversation.id, text: '', regenerateOf: sent.assistantMessageId },
    ];
    for (const input of refusals) {
      expect((await h.fail('chat.send', input)).kind).toBe('budget');
      expect(await h.call('conversations.get', { id: conversation.id })).toEqual(before);
    }
    expect(before.conversation.draft).toBe('half a thought');
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('context that fits a small window', () => {
  const words = (tag: string, count = 110) =>
    `${tag} ` + Array.from({ length: count }, (_, i) => `w${i}`).join(' ');

  async function setUp(mode: 'refuse' | 'drop-oldest' | 'summarize', contextWindow = 900) {
    const h = await open();
    await h.call('models.upsertCustom', {
      model: {
        id: 'openai:tiny-window',
        provider: 'openai',
        model: 'tiny-window',
        displayName: 'Tiny Window',
        contextWindow,
        maxOutputTokens: 100,
        capabilities: {
          vision: false,
          tools: false,
          structuredOutput: false,
          reasoning: false,
          streaming: true,
        },
        prices: { inputPerM: 1, outputPerM: 2 },
        qualityTier: 2,
      },
    });
    await h.call('profiles.upsert', {
      profile: {
        id: 'tiny',
        name: 'Tiny',
        kind: 'model',
        model: 'openai:tiny-window',
        params: { maxOutputTokens: 100 },
        context: mode === 'summarize' ? { mode, summaryModel: 'openai:gpt-6-luna' } : { mode },
      },
    });
    emulator.script({
      match: { promptIncludes: 'Summarize' },
      reply: { text: 'SUMMARY: the user listed words.' },
    });
    emulator.script({ reply: { text: 'Noted.' } });
    const conversation = await h.call('conversations.create', { profileId: 'tiny' });
    const say = async (text: string) => {
      const sent = await h.call('chat.send', { conversationId: conversation.id, text });
      return h.finished(sent.streamId);
    };
    return { h, conversation, say };
  }

  const lastChatBody = () =>
    JSON.stringify(
      emulator.requests.filter((r) => r.stream && !JSON.stringify(r.body).includes('Summarize')).at(-1)?.body,
    );

  it('drop-oldest leaves out the oldest turns, marks them, and sends the rest', async () => {
    const { h, conversation, say } = await setUp('drop-oldest');
    const window = followAsWindow(h, conversation.id);
    for (const tag of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA'])
      expect((await say(words(tag))).type).toBe('done');
    // What the windows were told adds up to what is stored (marks included).
    await window.settlesAsStored();
    expect(lastChatBody()).not.toContain('ALPHA');
    expect(lastChatBody()).toContain('DELTA');
    const { messages } = await h.call('conversations.get', { id: conversation.id });
    expect(messages.find((m) => m.text.startsWith('ALPHA'))?.excluded).toBe('dropped');
    expect(messages.find((m) => m.text.startsWith('DELTA'))?.excluded).toBeUndefined();
  });

  it('summarize replaces the oldest turns by a summary, sends it, and puts its call in the ledger', async () => {
    const { h, conversation, say } = await setUp('summarize', 3000);
    const window = followAsWindow(h, conversation.id);
    for (const tag of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA'])
      expect((await say(words(tag, 400))).type).toBe('done');
    // What the windows were told adds up to what is stored (the summary and the marks included).
    await window.settlesAsStored();
    const { messages } = await h.call('conversations.get', { id: conversation.id });
    const summary = messages.find((m) => m.role === 'summary');
    expect(summary?.text).toBe('SUMMARY: the user listed words.');
    expect(messages.find((m) => m.text.startsWith('ALPHA'))?.excluded).toBe('summarized');
    expect(lastChatBody()).toContain('SUMMARY: the user listed words.');
    expect(lastChatBody()).not.toContain('ALPHA w0');
    const review = await h.call('costs.dashboard', { from: 0, to: Date.now() + 1000, bucket: 'day' });
    const summaries = emulator.requests.filter((r) => r.model === 'gpt-6-luna');
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(review.totals.requests).toBe(4 + summaries.length);
    const exported = await h.call('costs.export', { format: 'json' });
    expect(exported.content).toContain('"role": "summary"');
  });

  it('refuse names the figures the estimate shows beside it, refuses with the same words, and sends nothing', async () => {
    const { h, conversation } = await setUp('refuse');
    let error: { kind: string; message: string; action?: string } | undefined;
    let estimate: CallOutput<'chat.estimate'> | undefined;
    let before = 0;
    for (const tag of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT']) {
      before = emulator.requests.length;
      estimate = await h.call('chat.estimate', { conversationId: conversation.id, text: words(tag) });
      const result = await h.core.router.dispatch(
        'chat.send',
        { conversationId: conversation.id, text: words(tag) },
        { clientId: CLIENT },
      );
      if (!result.ok) {
        error = result.error;
        break;
      }
      expect(estimate.blocked).toBeUndefined();
      await h.finished((result.value as { streamId: string }).streamId);
    }
    if (!error || !estimate) throw new Error('The conversation never outgrew the window');
    expect(error.kind).toBe('context_length');
    const { inputTokens, contextWindow, context } = estimate;
    const room = contextWindow! - context.answerTokens;
    expect(error.message).toBe(
      `This conversation is ${formatTokens(inputTokens)} input tokens: Tiny Window's context window of ` +
        `${formatTokens(contextWindow!)} tokens, less ${formatTokens(context.answerTokens)} kept for the answer, ` +
        `leaves room for ${formatTokens(room)}, ${formatTokens(inputTokens - room)} too many.`,
    );
    expect(inputTokens - room).toBe(context.overByTokens);
    expect(estimate.blocked?.error).toMatchObject({ kind: 'context_length', message: error.message });
    expect(estimate.blocked?.reason).toBe(`${error.message} ${error.action}`);
    expect(emulator.requests.length).toBe(before);
  });
});

describe('structured answers in chat', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, price: { type: 'number' } },
    required: ['name', 'price'],
    additionalProperties: false,
  };

  it('checks the answer against the schema and repairs it once, the repair in the ledger', async () => {
    const h = await open();
    emulator.script(
      {
        match: { promptIncludes: 'Describe the lamp' },
        reply: { text: '{"name": "Lamp", "price": "cheap"}' },
        times: 1,
      },
      { reply: { text: '{"name": "Lamp", "price": 12.5}' } },
    );
    const conversation = await h.call('conversations.create', { model: 'openai:gpt-6-sol' });
    const sent = await h.call('chat.send', {
      conversationId: conversation.id,
      text: 'Describe the lamp',
      schema,
    });
    const last = await h.finished(sent.streamId);
    expect(last.message.status).toBe('complete');
    expect(last.message.structured).toEqual({ name: 'Lamp', price: 12.5 });
    expect(last.message.text).toBe('{"name": "Lamp", "price": 12.5}');
    const repair = emulator.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(JSON.stringify(repair.messages.at(-1))).toMatch(/price/);
    const records = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
    expect(records.map((r) => r.role)).toEqual(['primary', 'repair']);
    expect(last.message.costMicros).toBe(records.reduce((sum, r) => sum + (r.costMicros ?? 0), 0));
  });

  it('reports an answer that stays invalid after the repair as invalid output, keeping its text', async () => {
    const h = await open();
    emulator.script({ reply: { text: '{"name": 3}' } });
    const conversation = await h.call('conversations.create', { model: 'openai:gpt-6-sol' });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'Describe it', schema });
    const last = await h.finished(sent.streamId);
    expect(last.type).toBe('error');
    expect(last.message.error?.kind).toBe('invalid_output');
    expect(last.message.text).toBe('{"name": 3}');
  });
});

describe('a provider’s model listing', () => {
  it('fills windows and limits from the listing and prices a listed dated snapshot as its model', async () => {
    const h = await open();
    const before = (await h.call('models.list', {})).find((m) => m.id === 'anthropic:claude-sonnet-5-5');
    // No snapshot has measured Claude Sonnet 5.5: its figures stand in from Sonnet 5 until the listing says more.
    expect(before).toMatchObject({ maxOutputTokens: 128_000, prices: null });
    expect(before?.listed).toBeUndefined();
    expect(await h.call('providers.test', { providerId: 'anthropic' })).toMatchObject({ ok: true });
    const models = await h.call('models.list', {});
    expect(models.find((m) => m.id === 'anthropic:claude-sonnet-5-5')).toMatchObject({
      contextWindow: 1_000_000,
      maxOutputTokens: 96_000,
      listed: true,
    });
    // The listing says claude-opus-4-5-20251101: that is the catalogue's Opus 4.5, priced, with its lifecycle.
    expect(models.some((m) => m.id === 'anthropic:claude-opus-4-5-20251101')).toBe(false);
    expect(models.find((m) => m.id === 'anthropic:claude-opus-4-5')).toMatchObject({
      prices: expect.objectContaining({ inputPerM: 5 }),
      lifecycle: expect.objectContaining({ status: 'deprecated', retiresOn: '2027-01-22' }),
    });
    const conversation = await h.call('conversations.create', {
      model: 'anthropic:claude-opus-4-5-20251101',
    });
    const estimate = await h.call('chat.estimate', { conversationId: conversation.id, text: 'Hello' });
    expect(estimate.model).toBe('anthropic:claude-opus-4-5');
    expect(estimate.inputCostMicros).not.toBeNull();
  });
});

describe('a model that has retired', () => {
  it('is refused before anything is sent, naming its successor; the estimate says so first', async () => {
    const h = await open();
    const conversation = await h.call('conversations.create', { model: 'anthropic:claude-sonnet-4-5' });
    const estimate = await h.call('chat.estimate', { conversationId: conversation.id, text: 'Hello' });
    expect(estimate.blocked?.reason).toMatch(
      /^Claude Sonnet 4\.5 was retired on 30 Nov 2026 and no longer answers\. Its successor is Claude Sonnet 5\./,
    );
    // What the window's notice shows: the same words, the successor to switch to, and no profile (the model was
    // the conversation's own choice).
    expect(estimate.retired).toEqual({
      model: 'anthropic:claude-sonnet-4-5',
      notice: estimate.blocked?.error.message,
      successor: { id: 'anthropic:claude-sonnet-5', displayName: 'Claude Sonnet 5' },
    });
    const error = await h.fail('chat.send', { conversationId: conversation.id, text: 'Hello' });
    expect(error).toMatchObject({ kind: 'not_found' });
    expect(error.message).toMatch(/was retired on 30 Nov 2026.*Its successor is Claude Sonnet 5/);
    expect(emulator.requests).toEqual([]);

    // The notice's one action: the conversation switches to the successor, which answers.
    const models = await h.call('models.list', {});
    const retired = models.find((m) => m.id === 'anthropic:claude-sonnet-4-5');
    expect(retired?.lifecycle).toMatchObject({
      status: 'retired',
      successor: { id: 'anthropic:claude-sonnet-5' },
    });
    expect(retired?.lifecycle?.notice).toMatch(/Its successor is Claude Sonnet 5/);
    await h.call('conversations.update', { id: conversation.id, model: retired!.lifecycle!.successor!.id });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'Hello' });
    expect((await h.finished(sent.streamId)).message.model).toBe('anthropic:claude-sonnet-5');
  });

  it('is skipped with that message when a profile names it, and the profile’s fallback answers', async () => {
    const h = await open();
    emulator.script({ match: { protocol: 'openai' }, reply: { text: 'Sol here.' } });
    await h.call('profiles.upsert', {
      profile: {
        id: 'old-favourite',
        name: 'Old favourite',
        kind: 'model',
        model: 'anthropic:claude-sonnet-4-5',
        fallback: ['openai:gpt-6-sol'],
      },
    });
    const conversation = await h.call('conversations.create', { profileId: 'old-favourite' });
    // The estimate names the profile whose model has retired (the notice switches the profile) and blocks nothing.
    const estimate = await h.call('chat.estimate', { conversationId: conversation.id, text: 'Hello' });
    expect(estimate.model).toBe('openai:gpt-6-sol');
    expect(estimate.blocked).toBeUndefined();
    expect(estimate.retired).toMatchObject({
      model: 'anthropic:claude-sonnet-4-5',
      profileId: 'old-favourite',
    });
    const sent = await h.call('chat.send', { conversationId: conversation.id, text: 'Hello' });
    const last = await h.finished(sent.streamId);
    expect(last.message).toMatchObject({ text: 'Sol here.', model: 'openai:gpt-6-sol' });
    expect(last.message.attempts?.map((a) => [a.model, a.outcome])).toEqual([
      ['anthropic:claude-sonnet-4-5', 'skipped'],
      ['openai:gpt-6-sol', 'served'],
    ]);
    expect(last.message.attempts?.[0]?.reason).toMatch(/was retired on 30 Nov 2026/);
    expect(emulator.requests.every((r) => r.protocol === 'openai')).toBe(true);
  });
});

describe.skipIf(!hasSnapshots())('a catalogue refresh through the bridge', () => {
  it('prices calls to a new model at the new price, and never re-prices calls made before', async () => {
    const h = await open();
    const server = await startDatasetServer();
    try {
      server.serve('/data.json', datasetWithChanges());
      emulator.script({ reply: { text: 'Hi.', usage: { input: 1000, output: 100 } }, times: 3 });
      const conversation = await h.call('conversations.create', {});
      const before = await h.call('chat.send', {
        conversationId: conversation.id,
        text: 'Hello',
        target: { model: 'openai:gpt-6-luna' },
      });
      await h.finished(before.streamId);
      const [old] = await h.call('costs.messageRecords', { messageId: before.assistantMessageId });
      expect(old?.prices).toMatchObject({ inputPerM: 0.1, outputPerM: 0.5 });
      expect(old?.costMicros).toBe(100 + 50);

      await h.call('settings.update', { patch: { catalogue: { updateUrl: server.url('/data.json') } } });
      const check = await h.call('catalogue.check', { source: 'url' });
      expect(check.newModels.map((m) => m.id)).toEqual(['openai:gpt-7-test']);
      expect((await h.call('models.list', {})).some((m) => m.id === 'openai:gpt-7-test')).toBe(false);
      const info = await h.call('catalogue.apply', { checkId: check.checkId });
      expect(info.origin).toBe('refreshed');
      const listed = (await h.call('models.list', {})).find((m) => m.id === 'openai:gpt-7-test');
      expect(listed?.prices).toMatchObject({ inputPerM: 3, outputPerM: 12 });

      const sent = await h.call('chat.send', {
        conversationId: conversation.id,
        text: 'Hello again',
        target: { model: 'openai:gpt-7-test' },
      });
      await h.finished(sent.streamId);
      const [record] = await h.call('costs.messageRecords', { messageId: sent.assistantMessageId });
      expect(record?.prices).toMatchObject({ inputPerM: 3, outputPerM: 12 });
      expect(record?.costMicros).toBe(computeCost(record!.usage, record!.prices).costMicros);
      expect(record?.costMicros).toBe(3000 + 1200);
      // The call made before the refresh keeps the price it was billed at.
      const [still] = await h.call('costs.messageRecords', { messageId: before.assistantMessageId });
      expect(still).toEqual(old);
      const after = await h.call('chat.send', {
        conversationId: conversation.id,
        text: 'And again',
        target: { model: 'openai:gpt-6-luna' },
      });
      await h.finished(after.streamId);
      const [luna] = await h.call('costs.messageRecords', { messageId: after.assistantMessageId });
      expect(luna?.prices).toMatchObject({ inputPerM: 0.08, outputPerM: 0.4 });
    } finally {
      await server.close();
    }
  });
});

describe('key rotation through the vault (issue 14)', () => {
  it('after a refused key, every later message sends the key that worked first: one refused request in all', async () => {
    await emulator.close();
    emulator = await startEmulator({ validKeys: { openai: ['sk-good-key-2222'] } });
    const { OPENAI_API_KEY: _envKey, ...env } = emulatorEnvironment(emulator);
    const h = await open(env);
    await h.call('providers.addKey', { providerId: 'openai', key: 'sk-revoked-key-1111' });
    await h.call('providers.addKey', { providerId: 'openai', key: 'sk-good-key-2222' });
    const openai = (await h.call('providers.list', {})).find((p) => p.id === 'openai')!;
    const {
      keys: _keys,
      health: _health,
      needsKey: _needsKey,
      configured: _configured,
      ...settings
    } = openai;
    await h.call('providers.upsert', { provider: { ...settings, rotateKeysOn: ['401'] } });
    const conversation = await h.call('conversations.create', {});
    for (let message = 1; message <= 4; message++) {
      const sent = await h.call('chat.send', {
        conversationId: conversation.id,
        text: `Message ${message}`,
        target: { model: 'openai:gpt-6-sol' },
      });
      expect((await h.finished(sent.streamId)).type).toBe('done');
    }
    expect(emulator.requests.map((r) => [r.headers['authorization'], r.status])).toEqual([
      ['Bearer ****1111', 401],
      ['Bearer ****2222', 200],
      ['Bearer ****2222', 200],
      ['Bearer ****2222', 200],
      ['Bearer ****2222', 200],
    ]);
  });
});
