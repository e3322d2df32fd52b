import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Usage } from '@contract/usage';
import { AttachmentStore } from './attachments';
import { ConversationStore, SNIPPET_MARK } from './conversations';
import { Database } from './database';
import { makeTempDir, pngBytes } from './testing/fixtures';

const usage = (text: number, source: Usage['source'] = 'reported'): Usage => ({
  input: { uncached: 100, cacheRead: 0, cacheWrite: 0 },
  output: { text, reasoning: 0 },
  source,
});

describe('ConversationStore', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Database;
  let clock: number;
  let attachments: AttachmentStore;
  let store: ConversationStore;

  const open = () => {
    db = new Database(join(temp.dir, 'modeldesk.db'));
    attachments = new AttachmentStore(db, { dir: join(temp.dir, 'attachments'), now: () => clock });
    store = new ConversationStore(db, { attachments, now: () => clock });
  };
  const tick = (ms = 1000) => (clock += ms);

  beforeEach(() => {
    temp = makeTempDir();
    clock = 1_700_000_000_000;
    open();
  });
  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('keeps an answer’s tool calls and round texts, also across a restart mid-answer', () => {
    const c = store.create({});
    const answer = store.createAssistantMessage({ conversationId: c.id, model: 'openai:gpt-4.1' });
    store.appendStreamed(answer.id, 'Let me look.');
    const call = {
      id: 'call_1',
      round: 1,
      name: 'files__read_text_file',
      server: 'files',
      tool: 'read_text_file',
      arguments: '{"path":"/tmp/a"}',
      state: 'done' as const,
      result: 'hello',
      durationMs: 12,
    };
    expect(store.updateTools(answer.id, { calls: [call], roundTexts: ['Let me look.'] })).toBe(true);
    db.close();
    open();
    const [reopened] = store.get(c.id)?.messages ?? [];
    expect(reopened).toMatchObject({
      status: 'interrupted',
      toolCalls: [call],
      roundTexts: ['Let me look.'],
    });
  });

  it('creates a conversation and returns its messages in order with their attachments', () => {
    const c = store.create({ title: '  Trip plans ', profileId: 'fast' });
    expect(c).toMatchObject({
      title: 'Trip plans',
      profileId: 'fast',
      messageCount: 0,
      costMicros: 0,
      costUnknown: false,
    });
    const image = attachments.add({ bytes: pngBytes(4, 3), name: 'map.png' });
    tick();
    const user = store.addUserMessage({
      conversationId: c.id,
      text: 'Where first?',
      attachments: [image.hash],
    });
    tick();
    const answer = store.createAssistantMessage({ conversationId: c.id, model: 'openai:gpt-4.1' });
    store.appendStreamed(answer.id, 'Lisbon');
    store.finishAssistantMessage(answer.id, { status: 'complete', costMicros: 1200, usage: usage(5) });

    const got = store.get(c.id);
    expect(got?.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Where first?'],
      ['assistant', 'Lisbon'],
    ]);
    expect(got?.messages[0]?.attachments).toEqual([
      { hash: image.hash, mediaType: 'image/png', width: 4, height: 3, bytes: image.bytes, name: 'map.png' },
    ]);
    expect(got?.messages[0]?.id).toBe(user.id);
    expect(got?.conversation).toMatchObject({
      messageCount: 2,
      costMicros: 1200,
      costUnknown: false,
      updatedAt: clock,
    });
    expect(store.get('missing')).toBeNull();
  });

  it('refuses a message that refers to an image that is not stored', () => {
    const c = store.create();
    expect(() =>
      store.addUserMessage({ conversationId: c.id, text: 'look', attachments: ['a'.repeat(64)] }),
    ).toThrow(/no longer stored/);
    expect(store.get(c.id)?.messages).toEqual([]);
  });

  it('saves a streaming answer batch by batch, with partial usage, and finishes it', () => {
    const c = store.create();
    const m = store.createAssistantMessage({ conversationId: c.id, model: 'anthropic:claude-sonnet-4-5' });
    expect(m.status).toBe('streaming');
    expect(store.appendStreamed(m.id, 'Hel')).toBe(true);
    expect(store.appendStreamed(m.id, 'lo', 'thinking…')).toBe(true);
    store.updateStreaming(m.id, { usage: usage(2, 'partial') });
    expect(store.getMessage(m.id)).toMatchObject({
      text: 'Hello',
      thinking: 'thinking…',
      usage: usage(2, 'partial'),
    });

    const done = store.finishAssistantMessage(m.id, {
      status: 'stopped',
      model: 'openai:gpt-4.1',
      usage: usage(3),
      costMicros: null,
      attempts: [{ model: 'anthropic:claude-sonnet-4-5', outcome: 'failed', reason: 'overloaded' }],
      finishReason: 'stop',
      ttftMs: 120,
      totalMs: 900,
      structured: { ok: true },
    });
    expect(done).toMatchObject({
      status: 'stopped',
      text: 'Hello',
      model: 'openai:gpt-4.1',
      costMicros: null,
      finishReason: 'stop',
      ttftMs: 120,
      totalMs: 900,
      structured: { ok: true },
    });
    expect(store.appendStreamed(m.id, 'late')).toBe(false);
    // The streamed chunks were folded into the message and are gone.
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM message_chunks')?.n).toBe(0);
    expect(db.get<{ text: string }>('SELECT text FROM messages WHERE id = ?', m.id)?.text).toBe('Hello');
    expect(store.getConversation(c.id)).toMatchObject({ costMicros: 0, costUnknown: true });
  });

  it('keeps message count and cost right as messages are added, finished, re-priced and deleted', () => {
    const c = store.create();
    store.addUserMessage({ conversationId: c.id, text: 'q1' });
    const a1 = store.createAssistantMessage({ conversationId: c.id });
    store.finishAssistantMessage(a1.id, { status: 'complete', costMicros: 500 });
    const a2 = store.createAssistantMessage({ conversationId: c.id });
    store.finishAssistantMessage(a2.id, { status: 'complete', costMicros: null });
    expect(store.getConversation(c.id)).toMatchObject({
      messageCount: 3,
      costMicros: 500,
      costUnknown: true,
    });

    store.finishAssistantMessage(a2.id, { status: 'complete', costMicros: 250 });
    expect(store.getConversation(c.id)).toMatchObject({ costMicros: 750, costUnknown: false });
    store.deleteMessage(a1.id);
    expect(store.getConversation(c.id)).toMatchObject({ messageCount: 2, costMicros: 250 });
    expect(() => store.deleteMessage(a1.id)).toThrow(/no longer exists/);
  });

  it('lists by last activity or by cost, with a minimum cost', () => {
    const cheap = store.create({ title: 'cheap' });
    tick();
    const pricey = store.create({ title: 'pricey' });
    tick();
    const idle = store.create({ title: 'idle' });
    for (const [c, cost] of [
      [cheap, 100],
      [pricey, 9000],
    ] as const) {
      tick();
      const a = store.createAssistantMessage({ conversationId: c.id });
      store.finishAssistantMessage(a.id, { status: 'complete', costMicros: cost });
    }
    expect(store.list().map((c) => c.title)).toEqual(['pricey', 'cheap', 'idle']);
    expect(store.list({ sort: 'cost' }).map((c) => c.title)).toEqual(['pricey', 'cheap', 'idle']);
    tick();
    store.addUserMessage({ conversationId: cheap.id, text: 'again' });
    expect(store.list().map((c) => c.title)).toEqual(['cheap', 'pricey', 'idle']);
    expect(store.list({ sort: 'cost', minCostMicros: 100 }).map((c) => c.title)).toEqual(['pricey', 'cheap']);
    expect(store.list({ limit: 1, offset: 1 }).map((c) => c.title)).toEqual(['pricey']);
    // Renaming and drafting are not activity: the order stays.
    store.update(idle.id, { title: 'renamed', draft: 'half a thought' });
    expect(store.list()[2]).toMatchObject({ title: 'renamed', draft: 'half a thought' });
  });

  it('searches titles and message text, with snippets marking the words found', () => {
    const travel = store.create({ title: 'Holiday in Portugal' });
    const code = store.create({ title: 'Rust borrow checker' });
    store.addUserMessage({
      conversationId: code.id,
      text: 'Why does the borrow checker reject this closure?',
    });
    const answer = store.createAssistantMessage({ conversationId: travel.id });
    store.appendStreamed(answer.id, 'Visit the café in Lisboa early in the morning.');
    expect(store.list({ query: 'lisboa' })).toEqual([]); // still streaming: not indexed yet
    store.finishAssistantMessage(answer.id, { status: 'complete' });

    const byContent = store.list({ query: 'cafe lisb' });
    expect(byContent.map((c) => c.id)).toEqual([travel.id]);
    expect(byContent[0]?.snippet).toContain(`${SNIPPET_MARK.start}café${SNIPPET_MARK.end}`);

    const byTitle = store.list({ query: 'portugal' });
    expect(byTitle.map((c) => c.id)).toEqual([travel.id]);
    expect(byTitle[0]?.snippet).toBeUndefined();

    expect(store.list({ query: 'closure' }).map((c) => c.id)).toEqual([code.id]);
    expect(store.list({ query: 'borrow" OR "x' }).map((c) => c.id)).toEqual([]);
    expect(store.list({ query: '*** ::' })).toEqual([]);
    expect(store.list({ query: '   ' })).toHaveLength(2);

    store.updateText(store.get(code.id)!.messages[0]!.id, 'Lifetimes again');
    expect(store.list({ query: 'closure' })).toEqual([]);
    expect(store.list({ query: 'lifetimes' }).map((c) => c.id)).toEqual([code.id]);
    store.update(code.id, { title: 'Ownership' });
    expect(store.list({ query: 'rust' })).toEqual([]);
    expect(store.list({ query: 'ownership' }).map((c) => c.id)).toEqual([code.id]);
  });

  it('deletes softly, restores (undo), and purges after the grace period', () => {
    const c = store.create({ title: 'secret plans' });
    store.addUserMessage({ conversationId: c.id, text: 'the launch code is banana' });
    store.softDelete(c.id);
    expect(store.list()).toEqual([]);
    expect(store.list({ query: 'banana' })).toEqual([]);
    expect(() => store.addUserMessage({ conversationId: c.id, text: 'more' })).toThrow(/deleted/);

    expect(store.restore(c.id)).toMatchObject({ id: c.id, messageCount: 1 });
    expect(store.list({ query: 'banana' })).toHaveLength(1);

    store.softDelete(c.id);
    tick(60_000);
    expect(store.purgeDeleted(3_600_000)).toEqual([]);
    tick(3_600_000);
    expect(store.purgeDeleted(3_600_000)).toEqual([c.id]);
    expect(() => store.restore(c.id)).toThrow(/deleted for good/);
    expect(db.get<{ n: number }>('SELECT count(*) AS n FROM messages')?.n).toBe(0);
    // The full-text index stayed consistent through the purge.
    db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  });

  it('keeps per-conversation choices and drafts', () => {
    const c = store.create();
    store.update(c.id, { profileId: 'vision', model: 'openai:gpt-4.1', draft: 'hello' });
    expect(store.getConversation(c.id)).toMatchObject({
      profileId: 'vision',
      model: 'openai:gpt-4.1',
      draft: 'hello',
    });
    store.update(c.id, { profileId: null, model: null, draft: '' });
    const cleared = store.getConversation(c.id)!;
    expect([cleared.profileId, cleared.model, cleared.draft]).toEqual([undefined, undefined, undefined]);
    expect(() => store.update(c.id, { title: '  ' })).toThrow(/needs a title/);
    expect(() => store.update('nope', { title: 'x' })).toThrow(/no longer exists/);
  });

  it('pins, edits, excludes, summarizes in place and truncates for edit-and-resend', () => {
    const c = store.create();
    const ids = ['one', 'two', 'three', 'four'].map(
      (t) => store.addUserMessage({ conversationId: c.id, text: t }).id,
    );
    expect(store.setPinned(ids[0]!, true).pinned).toBe(true);
    expect(store.updateText(ids[1]!, 'TWO').text).toBe('TWO');

    const summary = store.insertSummary({
      conversationId: c.id,
      text: 'one and two, briefly',
      replaces: [ids[0]!, ids[1]!],
      costMicros: 40,
    });
    let messages = store.get(c.id)!.messages;
    expect(messages.map((m) => m.text)).toEqual(['one', 'TWO', 'one and two, briefly', 'three', 'four']);
    expect(messages.map((m) => m.excluded)).toEqual([
      'summarized',
      'summarized',
      undefined,
      undefined,
      undefined,
    ]);
    expect(summary).toMatchObject({ role: 'summary', costMicros: 40 });

    // Eleven more summaries after the same message use up the gap and force a renumbering; order holds.
    for (let i = 0; i < 11; i++)
      store.insertSummary({ conversationId: c.id, text: `s${i}`, replaces: [ids[0]!] });
    messages = store.get(c.id)!.messages;
    expect(messages.map((m) => m.text)).toEqual([
      'one',
      ...Array.from({ length: 11 }, (_, i) => `s${10 - i}`),
      'TWO',
      'one and two, briefly',
      'three',
      'four',
    ]);

    store.setExcluded([ids[0]!], null);
    expect(store.getMessage(ids[0]!)?.excluded).toBeUndefined();
    expect(() => store.insertSummary({ conversationId: c.id, text: 'x', replaces: ['elsewhere'] })).toThrow(
      /own conversation/,
    );

    expect(store.deleteFrom(ids[2]!)).toEqual([ids[2], ids[3]]);
    expect(
      store
        .get(c.id)!
        .messages.map((m) => m.text)
        .slice(-2),
    ).toEqual(['TWO', 'one and two, briefly']);
  });

  it('marks answers still streaming as interrupted on reopen, keeping their text and usage', () => {
    const c = store.create();
    const m = store.createAssistantMessage({ conversationId: c.id });
    store.appendStreamed(m.id, 'partial answer');
    store.updateStreaming(m.id, { usage: usage(3, 'partial') });
    db.close();
    open();
    expect(store.interruptedAtStartup.map((x) => x.id)).toEqual([m.id]);
    expect(store.getMessage(m.id)).toMatchObject({
      status: 'interrupted',
      text: 'partial answer',
      usage: usage(3, 'partial'),
    });
    expect(store.list({ query: 'partial' }).map((x) => x.id)).toEqual([c.id]);
    expect(() => store.updateText(m.id, 'x')).not.toThrow();
  });

  it('refuses to edit an answer that is still arriving', () => {
    const c = store.create();
    const m = store.createAssistantMessage({ conversationId: c.id });
    expect(() => store.updateText(m.id, 'x')).toThrow(/still arriving/);
  });
});
