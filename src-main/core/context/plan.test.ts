import { describe, expect, it } from 'vitest';
import { DEFAULT_SUMMARY_TOKENS, planContext, type ContextPlanInput, type PlanMessage } from './plan';

type Mode = ContextPlanInput['strategy']['mode'];

const user = (id: string, tokens: number, extra: Partial<PlanMessage> = {}): PlanMessage => ({
  id,
  role: 'user',
  tokens,
  ...extra,
});
const answer = (id: string, tokens: number, extra: Partial<PlanMessage> = {}): PlanMessage => ({
  id,
  role: 'assistant',
  tokens,
  ...extra,
});

/** Turns u1/a1 ... uN/aN of `tokens` each per message, then the newest user message `now`. */
function conversation(turns: number, tokens = 100, newest = 100): PlanMessage[] {
  const messages: PlanMessage[] = [];
  for (let i = 1; i <= turns; i++) messages.push(user(`u${i}`, tokens), answer(`a${i}`, tokens));
  messages.push(user('now', newest));
  return messages;
}

const plan = (mode: Mode, messages: PlanMessage[], overrides: Partial<ContextPlanInput> = {}) =>
  planContext({
    messages,
    systemPromptTokens: 50,
    contextWindow: 1000,
    outputReserve: 200,
    strategy: { mode },
    ...overrides,
  });

describe('planContext: when everything fits', () => {
  it.each<Mode>(['refuse', 'drop-oldest', 'summarize'])('sends everything (%s)', (mode) => {
    // 50 + 3 turns × 200 + 100 = 750 ≤ 800.
    const result = plan(mode, conversation(3));
    expect(result).toEqual({
      fits: true,
      overByTokens: 0,
      action: 'none',
      excludedMessageIds: [],
      summarizeMessageIds: [],
      droppedMessageIds: [],
      keptMessageIds: ['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'now'],
      roomTokens: 800,
      fullTokens: 750,
      inputTokens: 750,
    });
  });

  it('fits exactly at the room (context window minus the output reserve)', () => {
    const result = plan('refuse', conversation(3), { contextWindow: 950 });
    expect(result).toMatchObject({ fits: true, action: 'none', roomTokens: 750, inputTokens: 750 });
    expect(plan('refuse', conversation(3), { contextWindow: 949 })).toMatchObject({
      fits: false,
      overByTokens: 1,
    });
  });
});

describe('planContext: refuse', () => {
  it('says by how much the conversation is over and leaves nothing out', () => {
    // 50 + 5 × 200 + 100 = 1150 against 800.
    const result = plan('refuse', conversation(5));
    expect(result).toMatchObject({
      fits: false,
      action: 'refuse',
      overByTokens: 350,
      fullTokens: 1150,
      inputTokens: 1150,
      excludedMessageIds: [],
      summarizeMessageIds: [],
    });
    expect(result.keptMessageIds).toHaveLength(11);
  });
});

describe('planContext: drop-oldest', () => {
  it('drops the fewest oldest turns that make it fit, each turn whole', () => {
    // 1150 against 800: two turns (400) must go.
    const result = plan('drop-oldest', conversation(5));
    expect(result).toMatchObject({
      fits: true,
      overByTokens: 0,
      action: 'drop-oldest',
      excludedMessageIds: ['u1', 'a1', 'u2', 'a2'],
      droppedMessageIds: ['u1', 'a1', 'u2', 'a2'],
      summarizeMessageIds: [],
      keptMessageIds: ['u3', 'a3', 'u4', 'a4', 'u5', 'a5', 'now'],
      fullTokens: 1150,
      inputTokens: 750,
    });
  });

  it('drops a turn with all its answers (a regenerated answer and a retry of it)', () => {
    const messages = [
      user('u1', 100),
      answer('a1', 300),
      answer('a1-again', 300),
      user('u2', 100),
      answer('a2', 100),
      user('now', 100),
    ];
    expect(plan('drop-oldest', messages).excludedMessageIds).toEqual(['u1', 'a1', 'a1-again']);
  });

  it('never drops the system prompt: a system prompt too long alone is refused', () => {
    const result = plan('drop-oldest', conversation(2), { systemPromptTokens: 900 });
    // What must be sent: 900 + the newest 100 = 1000 against 800.
    expect(result).toMatchObject({
      fits: false,
      action: 'refuse',
      overByTokens: 200,
      excludedMessageIds: [],
    });
  });

  it('never drops system messages of the conversation', () => {
    const messages = [
      { id: 'sys', role: 'system' as const, tokens: 100 },
      ...conversation(4).slice(0, 4),
      { id: 'sys2', role: 'system' as const, tokens: 100 },
      ...conversation(4).slice(4),
    ];
    // 50 + 200 + 4 × 200 + 100 = 1150: two turns go, the system messages stay.
    const result = plan('drop-oldest', messages);
    expect(result.excludedMessageIds).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(result.keptMessageIds).toEqual(['sys', 'sys2', 'u3', 'a3', 'u4', 'a4', 'now']);
  });

  it('never drops a pinned message, nor the turn it belongs to, and drops the next oldest instead', () => {
    const messages = conversation(5);
    messages[1] = answer('a1', 100, { pinned: true });
    const result = plan('drop-oldest', messages);
    expect(result.excludedMessageIds).toEqual(['u2', 'a2', 'u3', 'a3']);
    expect(result.keptMessageIds).toEqual(['u1', 'a1', 'u4', 'a4', 'u5', 'a5', 'now']);
  });

  it('keeps a pinned question with its answer', () => {
    const messages = conversation(5);
    messages[2] = user('u2', 100, { pinned: true });
    expect(plan('drop-oldest', messages).excludedMessageIds).toEqual(['u1', 'a1', 'u3', 'a3']);
  });

  it('refuses, with how much is over, when the pinned messages alone do not fit', () => {
    const messages = conversation(5).map((m) => (m.id === 'now' ? m : { ...m, pinned: true }));
    const result = plan('drop-oldest', messages);
    expect(result).toMatchObject({
      fits: false,
      action: 'refuse',
      overByTokens: 350,
      excludedMessageIds: [],
    });
  });

  it('never drops the newest turn: a single turn too large is refused with how much it is over', () => {
    const result = plan('drop-oldest', conversation(3, 100, 2000));
    // Everything else could go, but 50 + 2000 is still 1250 over 800.
    expect(result).toMatchObject({
      fits: false,
      action: 'refuse',
      overByTokens: 1250,
      inputTokens: 2050,
      excludedMessageIds: [],
    });
    expect(result.keptMessageIds).toHaveLength(7);
  });

  it('keeps what follows the newest user message with it (an answer being regenerated, a continuation)', () => {
    const messages = [...conversation(5), answer('partial', 100)];
    const result = plan('drop-oldest', messages);
    expect(result.keptMessageIds.slice(-2)).toEqual(['now', 'partial']);
    expect(result.excludedMessageIds).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3']);
  });

  it('drops answers that came before any question (a greeting) like a turn', () => {
    const messages = [answer('hello', 300), ...conversation(3)];
    // 50 + 300 + 600 + 100 = 1050: the greeting goes first, and is enough.
    const result = plan('drop-oldest', messages);
    expect(result.excludedMessageIds).toEqual(['hello']);
  });

  it('brings back turns an earlier plan dropped once there is room (a larger model)', () => {
    const messages = conversation(5).map((m) =>
      ['u1', 'a1', 'u2', 'a2'].includes(m.id) ? { ...m, excluded: 'dropped' as const } : m,
    );
    expect(plan('drop-oldest', messages).excludedMessageIds).toEqual(['u1', 'a1', 'u2', 'a2']);
    const larger = plan('drop-oldest', messages, { contextWindow: 2000 });
    expect(larger).toMatchObject({ action: 'none', excludedMessageIds: [] });
    expect(larger.keptMessageIds).toContain('u1');
  });

  it('counts images with their message (tokens are per message, images included)', () => {
    const messages = [user('photo', 700), answer('seen', 50), user('now', 100)];
    expect(plan('drop-oldest', messages).excludedMessageIds).toEqual(['photo', 'seen']);
  });
});

describe('planContext: summarize', () => {
  const long = () => conversation(10, 50); // 50 + 10 × 100 + 100 = 1150 against 800

  it('summarizes the oldest turns whole, down to its target share of the room, keeping room for the summary', () => {
    const result = plan('summarize', long(), { summaryTokens: 100 });
    // Target 0.6 × 800 = 480: 1150 + 100 − 8 turns × 100 = 450.
    expect(result).toMatchObject({
      fits: true,
      overByTokens: 0,
      action: 'summarize',
      droppedMessageIds: [],
      keptMessageIds: ['u9', 'a9', 'u10', 'a10', 'now'],
      fullTokens: 1150,
      inputTokens: 450,
    });
    expect(result.summarizeMessageIds).toEqual(
      Array.from({ length: 8 }, (_, i) => [`u${i + 1}`, `a${i + 1}`]).flat(),
    );
    expect(result.excludedMessageIds).toEqual(result.summarizeMessageIds);
  });

  it('keeps room for a summary of DEFAULT_SUMMARY_TOKENS unless told otherwise', () => {
    const result = plan('summarize', conversation(30, 50), { contextWindow: 4000, outputReserve: 1000 });
    // Room 3000, target 1800: 3150 + 1024 − 24 turns × 100 = 1774.
    expect(DEFAULT_SUMMARY_TOKENS).toBe(1024);
    expect(result).toMatchObject({ action: 'summarize', inputTokens: 1774 });
    expect(result.keptMessageIds).toHaveLength(13);
  });

  it('goes only as far as it must when the target cannot be reached', () => {
    const messages = long();
    messages[19] = answer('a10', 50, { pinned: true });
    messages[18] = user('u10', 300);
    const result = plan('summarize', messages, { summaryTokens: 100, summarizeTo: 0.1 });
    // Every unpinned older turn goes: 50 + 350 + 100 + summary 100 = 600 ≤ 800.
    expect(result.keptMessageIds).toEqual(['u10', 'a10', 'now']);
    expect(result).toMatchObject({ fits: true, action: 'summarize', inputTokens: 600 });
  });

  it('folds an existing summary into the new one; what it covered stays covered and uncounted', () => {
    const covered = [
      user('old1', 5000, { excluded: 'summarized' }),
      answer('old2', 5000, { excluded: 'summarized' }),
    ];
    const messages = [...covered, { id: 'sum', role: 'summary' as const, tokens: 150 }, ...long()];
    const result = plan('summarize', messages, { summaryTokens: 100 });
    expect(result.fullTokens).toBe(1300);
    expect(result.summarizeMessageIds.slice(0, 3)).toEqual(['sum', 'u1', 'a1']);
    for (const id of ['old1', 'old2']) {
      expect([...result.excludedMessageIds, ...result.keptMessageIds]).not.toContain(id);
    }
  });

  it('counts a summary instead of the turns it covers', () => {
    const covered = Array.from({ length: 10 }, (_, i) =>
      user(`old${i}`, 1000, { excluded: 'summarized' as const }),
    );
    const messages = [...covered, { id: 'sum', role: 'summary' as const, tokens: 200 }, ...conversation(2)];
    // 50 + 200 + 400 + 100 = 750: fits, though the covered turns alone are 10 000.
    const result = plan('summarize', messages);
    expect(result).toMatchObject({ fits: true, action: 'none', fullTokens: 750 });
    expect(result.keptMessageIds).toEqual(['sum', 'u1', 'a1', 'u2', 'a2', 'now']);
  });

  it('keeps a pinned summary as it is', () => {
    const messages = [{ id: 'sum', role: 'summary' as const, tokens: 150, pinned: true }, ...long()];
    const result = plan('summarize', messages, { summaryTokens: 100 });
    expect(result.keptMessageIds[0]).toBe('sum');
    expect(result.summarizeMessageIds).not.toContain('sum');
  });

  it('refuses when the newest turn and the summary together cannot fit', () => {
    const result = plan('summarize', conversation(3, 100, 700), { summaryTokens: 100 });
    // 50 + 700 + 100 = 850 against 800.
    expect(result).toMatchObject({ fits: false, action: 'refuse', overByTokens: 50, excludedMessageIds: [] });
  });

  it('drops instead what is older than the summary model can read', () => {
    const result = plan('summarize', long(), {
      summaryTokens: 100,
      summaryContextWindow: 100 + 400 + 450, // reads 450 tokens: four turns
    });
    expect(result.action).toBe('summarize');
    expect(result.droppedMessageIds).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    expect(result.summarizeMessageIds).toEqual(['u5', 'a5', 'u6', 'a6', 'u7', 'a7', 'u8', 'a8']);
    expect(result.excludedMessageIds).toHaveLength(16);
    expect(result.inputTokens).toBe(450);
  });

  it('only drops, as few as it must, when the summary model can read none of it', () => {
    const result = plan('summarize', conversation(5, 300), { summaryTokens: 100, summaryContextWindow: 800 });
    expect(result).toMatchObject({ action: 'drop-oldest', summarizeMessageIds: [], fits: true });
    expect(result.droppedMessageIds).toEqual(['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    expect(result.inputTokens).toBe(50 + 600 + 100);
  });
});

describe('planContext: its input', () => {
  it.each([
    ['a negative message', { messages: [user('u', -1)] }, /message u/],
    ['a message of NaN tokens', { messages: [user('u', Number.NaN)] }, /message u/],
    ['a negative system prompt', { systemPromptTokens: -5 }, /system prompt/],
    ['an infinite window', { contextWindow: Infinity }, /context window/],
  ])('refuses %s', (_, overrides, message) => {
    expect(() => plan('drop-oldest', conversation(1), overrides as Partial<ContextPlanInput>)).toThrow(
      message,
    );
  });
});

/** A small seeded generator: the same conversations on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomConversation(next: () => number): PlanMessage[] {
  const messages: PlanMessage[] = [];
  const count = 1 + Math.floor(next() * 30);
  for (let i = 0; i < count; i++) {
    const r = next();
    const role: PlanMessage['role'] =
      r < 0.45 ? 'user' : r < 0.9 ? 'assistant' : r < 0.95 ? 'summary' : 'system';
    const message: PlanMessage = { id: `m${i}`, role, tokens: Math.floor(next() * 400) };
    if (next() < 0.1) message.pinned = true;
    if (role !== 'system' && next() < 0.1) message.excluded = next() < 0.5 ? 'dropped' : 'summarized';
    messages.push(message);
  }
  return messages;
}

describe('planContext: invariants over 3000 generated conversations', () => {
  const cases = Array.from({ length: 3000 }, (_, seed) => {
    const next = random(seed + 1);
    const messages = randomConversation(next);
    const modes: Mode[] = ['refuse', 'drop-oldest', 'summarize'];
    const input: ContextPlanInput = {
      messages,
      systemPromptTokens: Math.floor(next() * 300),
      contextWindow: 500 + Math.floor(next() * 4000),
      outputReserve: Math.floor(next() * 400),
      strategy: { mode: modes[seed % 3] ?? 'refuse' },
      summaryTokens: Math.floor(next() * 300),
    };
    if (next() < 0.3) input.summaryContextWindow = 500 + Math.floor(next() * 2000);
    return input;
  });

  it('keeps every protected message, leaves out whole turns, and fits when it says so', () => {
    for (const input of cases) {
      const result = planContext(input);
      const live = input.messages.filter((m) => m.excluded !== 'summarized');
      const excluded = new Set(result.excludedMessageIds);
      const context = JSON.stringify({ input, result });

      // Every live message is either sent or left out; covered ones are in no list.
      expect([...result.keptMessageIds, ...result.excludedMessageIds].sort(), context).toEqual(
        live.map((m) => m.id).sort(),
      );
      expect([...result.summarizeMessageIds, ...result.droppedMessageIds].sort(), context).toEqual(
        [...result.excludedMessageIds].sort(),
      );

      // The system prompt, system messages, pinned messages and the newest turn are always sent.
      const lastUser = live.findLastIndex((m) => m.role === 'user');
      live.forEach((m, i) => {
        const mustStay = m.role === 'system' || m.pinned === true || (lastUser !== -1 && i >= lastUser);
        if (mustStay) expect(excluded.has(m.id), context).toBe(false);
      });

      // Turns go whole: an answer goes with its question, a question with its answers.
      let question: PlanMessage | undefined;
      for (const m of live) {
        if (m.role === 'user') question = m;
        else if (m.role === 'summary') question = undefined;
        else if (m.role === 'assistant' && question) {
          expect(excluded.has(m.id), context).toBe(excluded.has(question.id));
        }
      }

      // Fitting means what is sent is within the room; refusing leaves nothing out.
      if (result.fits) {
        expect(result.inputTokens, context).toBeLessThanOrEqual(result.roomTokens);
        expect(result.overByTokens).toBe(0);
      } else {
        expect(result.action).toBe('refuse');
        expect(result.excludedMessageIds).toEqual([]);
        expect(result.overByTokens, context).toBe(result.inputTokens - result.roomTokens);
        expect(result.overByTokens).toBeGreaterThan(0);
      }
      if (input.strategy.mode === 'refuse') expect(['none', 'refuse']).toContain(result.action);
      if (result.action === 'summarize') expect(result.summarizeMessageIds.length).toBeGreaterThan(0);
    }
  });

  it('drops no more than it must: keeping the newest dropped turn would not fit', () => {
    for (const input of cases.filter((c) => c.strategy.mode === 'drop-oldest')) {
      const result = planContext(input);
      if (result.action !== 'drop-oldest') continue;
      const byId = new Map(input.messages.map((m) => [m.id, m]));
      const last = result.droppedMessageIds.at(-1) ?? '';
      // The newest dropped unit: the newest dropped message and the dropped ones of its turn before it.
      const lastIndex = input.messages.findIndex((m) => m.id === last);
      let unitTokens = 0;
      for (let i = lastIndex; i >= 0; i--) {
        const m = input.messages[i];
        if (!m || m.excluded === 'summarized' || m.role === 'system') continue;
        if (!result.droppedMessageIds.includes(m.id)) break;
        unitTokens += byId.get(m.id)?.tokens ?? 0;
        if (m.role === 'user' || m.role === 'summary') break;
      }
      expect(result.inputTokens + unitTokens, JSON.stringify({ input, result })).toBeGreaterThan(
        result.roomTokens,
      );
    }
  });
});
