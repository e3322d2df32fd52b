/** Request records, secret masking, rule matching, pace, aborts, fake timers, and the control API. */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { connectEmulator } from './remote';
import { KEYS, clients, hello, postJSON, useEmulator } from './test-support';

const emulator = useEmulator();
const gpt = { model: 'gpt-4o', messages: hello };

describe('request records', () => {
  it('records method, path, query, parsed body, model and stream flag, with secrets masked to four characters', async () => {
    const emu = emulator();
    await clients.openai(emu).chat.completions.create({ ...gpt, temperature: 0.2 });
    await clients
      .anthropic(emu)
      .messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: hello });
    await clients.azure(emu).chat.completions.create(gpt);
    const [openai, anthropic, azure] = emu.requests;
    expect(openai).toMatchObject({
      seq: 1,
      protocol: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'gpt-4o', messages: hello, temperature: 0.2 },
      model: 'gpt-4o',
      stream: false,
      outcome: 'completed',
      status: 200,
      ruleIndex: null,
    });
    expect(openai?.headers.authorization).toBe('Bearer ****1234');
    expect(anthropic?.headers.authorization).toBe('Bearer ****5678');
    expect(azure?.headers['api-key']).toBe('****abcd');
    await postJSON(
      `${emu.baseURLs.anthropic}/v1/messages`,
      { model: 'claude-sonnet-4-6', max_tokens: 50, messages: hello },
      { 'x-api-key': KEYS.anthropic, 'anthropic-version': '2023-06-01' },
    );
    expect(emu.requests[3]?.headers['x-api-key']).toBe('****5678');
    const everything = JSON.stringify(emu.requests);
    for (const key of Object.values(KEYS)) expect(everything).not.toContain(key);
  });

  it('hashes images from data URLs and base64 blocks, and matches rules on them', async () => {
    const emu = emulator();
    const png = Buffer.from('89504e470d0a1a0a-not-really-a-png', 'utf8');
    const digest = createHash('sha256').update(png).digest('hex');
    emu.script({ match: { imageSha256: digest }, fault: { kind: 'status', status: 500 } });
    const withImage = [
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'What is this?' },
          {
            type: 'image_url' as const,
            image_url: { url: `data:image/png;base64,${png.toString('base64')}` },
          },
        ],
      },
    ];
    await expect(
      clients.openai(emu).chat.completions.create({ model: 'gpt-4o', messages: withImage }),
    ).rejects.toMatchObject({
      status: 500,
    });
    await clients.anthropic(emu).messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') },
            },
          ],
        },
      ],
    });
    expect(emu.requests.map((r) => r.imageSha256)).toEqual([[digest], [digest]]);
    expect(emu.requests.map((r) => r.ruleIndex)).toEqual([0, null]);
  });

  it('records a request to an unknown path and answers 404 with a hint', async () => {
    const emu = emulator();
    const response = await postJSON(`${emu.url}/v2/chat`, {}, { authorization: 'Bearer x' });
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).toContain('Emulator.baseURLs');
    expect(emu.requests[0]).toMatchObject({ protocol: 'unknown', path: '/v2/chat', status: 404 });
  });
});

describe('rules', () => {
  it('match by protocol, model, prompt text and stream flag; the first match wins and is spent after times', async () => {
    const emu = emulator();
    emu.script(
      { match: { model: 'gpt-4o-mini' }, reply: { text: 'mini' } },
      { match: { promptIncludes: 'weather' }, reply: { text: 'sunny' }, times: 2 },
      { match: { stream: true }, reply: { text: 'streamed' }, times: Infinity },
      { match: { protocol: 'anthropic' }, reply: { text: 'claude' } },
    );
    const openai = clients.openai(emu);
    const ask = async (model: string, content: string) =>
      (await openai.chat.completions.create({ model, messages: [{ role: 'user', content }] })).choices[0]
        ?.message.content;
    expect(await ask('gpt-4o-mini', 'weather?')).toBe('mini');
    expect(await ask('gpt-4o-mini', 'weather?')).toBe('sunny');
    expect(await ask('gpt-4o', 'weather?')).toBe('sunny');
    expect(await ask('gpt-4o', 'weather?')).toContain('**Emulated reply**');
    for (let i = 0; i < 3; i += 1) {
      const streamed = await openai.chat.completions
        .stream({ model: 'gpt-4o', messages: hello })
        .finalChatCompletion();
      expect(streamed.choices[0]?.message.content).toBe('streamed');
    }
    expect(emu.requests.map((r) => r.ruleIndex)).toEqual([0, 0, 0, null, 0, 0, 0]);
  });

  it('answer rules apply to chat requests only, unless they name an endpoint or a path', async () => {
    const emu = emulator();
    emu.script(
      { reply: { text: 'scripted' } },
      { match: { endpoint: 'models' }, fault: { kind: 'status', status: 503 } },
      { match: { path: '/anthropic/v1/messages/count_tokens' }, fault: { kind: 'status', status: 500 } },
    );
    const openai = clients.openai(emu);
    await expect(openai.models.list()).rejects.toMatchObject({ status: 503 });
    await expect(
      clients.anthropic(emu).messages.countTokens({ model: 'claude-sonnet-4-6', messages: hello }),
    ).rejects.toMatchObject({ status: 500 });
    expect((await openai.chat.completions.create(gpt)).choices[0]?.message.content).toBe('scripted');
    expect(emu.requests.map((r) => r.ruleIndex)).toEqual([1, 1, 0]);
  });

  it('the default reply is deterministic Markdown quoting the prompt, with usage counted from the request', async () => {
    const emu = emulator();
    const openai = clients.openai(emu);
    const first = await openai.chat.completions.create(gpt);
    const second = await openai.chat.completions.create(gpt);
    expect(first.choices[0]?.message.content).toBe(second.choices[0]?.message.content);
    expect(first.choices[0]?.message.content).toContain('> Hello there');
    const longer = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hello there '.repeat(100) }],
    });
    expect(longer.usage?.prompt_tokens).toBeGreaterThan((first.usage?.prompt_tokens ?? 0) * 50);
  });

  it('rejects a malformed rule with a message that says what is wrong', () => {
    const emu = emulator();
    expect(() => emu.script({ fault: { kind: 'status', status: 200 } } as never)).toThrow(
      /Invalid emulator rule.*status/s,
    );
    expect(() => emu.script({ reply: { txt: 'typo' } } as never)).toThrow(/txt/);
  });
});

describe('pace', () => {
  it('delays the first chunk and spaces the chunks by the scripted interval', async () => {
    const emu = emulator();
    emu.script({ reply: { chunks: ['a', 'b', 'c', 'd'], firstChunkDelayMs: 60, chunkDelayMs: 30 } });
    await clients.openai(emu).chat.completions.stream(gpt).finalChatCompletion();
    const record = emu.requests[0];
    const times = record?.chunkTimes ?? [];
    expect(times).toHaveLength(4);
    expect((times[0] ?? 0) - (record?.at ?? 0)).toBeGreaterThanOrEqual(60);
    // One chunk per 30 ms on an absolute schedule from the first: none ever runs ahead of its slot.
    times.forEach((time, k) => expect(time - (times[0] ?? 0)).toBeGreaterThanOrEqual(k * 30 - 0.5));
  });

  it('holds a fixed rate on an absolute schedule', async () => {
    const emu = emulator();
    const chunks = Array.from({ length: 100 }, (_, i) => `t${i} `);
    emu.script({ reply: { chunks, chunksPerSecond: 1000 } });
    await clients.openai(emu).chat.completions.stream(gpt).finalChatCompletion();
    const times = emu.requests[0]?.chunkTimes ?? [];
    expect(times).toHaveLength(100);
    // Chunk k is due 1 ms after chunk k-1's slot; none may run ahead of its slot.
    times.forEach((time, k) => expect(time - (times[0] ?? 0)).toBeGreaterThanOrEqual(k - 0.5));
  });

  it('keeps pacing on the real clock while the test fakes setTimeout, setInterval, Date and performance', async () => {
    const emu = emulator();
    emu.script({ reply: { chunks: ['x', 'y', 'z'], chunkDelayMs: 15, firstByteDelayMs: 15 } });
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
    });
    let text = '';
    const frozenAt = Date.now();
    try {
      // The openai SDK's `.stream()` helper starts on a setTimeout, so with faked timers iterate `create()`.
      const stream = await clients.openai(emu).chat.completions.create({ ...gpt, stream: true });
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(Date.now()).toBe(frozenAt);
    } finally {
      vi.useRealTimers();
    }
    expect(text).toBe('xyz');
    const times = emu.requests[0]?.chunkTimes ?? [];
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(29.5);
  });
});

describe('aborts', () => {
  it('stops writing at once when the client goes away mid-stream, and records it', async () => {
    const emu = emulator();
    const chunks = Array.from({ length: 40 }, (_, i) => `${i} `);
    emu.script({ reply: { chunks, chunkDelayMs: 20 } });
    const controller = new AbortController();
    const stream = await clients
      .openai(emu)
      .chat.completions.create({ ...gpt, stream: true }, { signal: controller.signal });
    let received = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) received += 1;
      if (received === 3) controller.abort();
    }
    await emu.idle();
    const record = emu.requests[0];
    expect(record?.outcome).toBe('client-disconnected');
    expect(record?.chunkTimes.length).toBeLessThanOrEqual(received + 1);
    expect(record?.endedAt).toBeGreaterThan(record?.chunkTimes[2] ?? Infinity);
  });
});

describe('control API', () => {
  it('scripts rules, lists requests, waits for idle and resets, over HTTP', async () => {
    const emu = emulator();
    const remote = connectEmulator(emu.url);
    expect(remote.baseURLs).toEqual(emu.baseURLs);
    await remote.script({ match: { protocol: 'openai' }, reply: { text: 'from afar' }, times: Infinity });
    const openai = clients.openai(emu);
    for (let i = 0; i < 3; i += 1) {
      expect((await openai.chat.completions.create(gpt)).choices[0]?.message.content).toBe('from afar');
    }
    await remote.idle();
    const requests = await remote.requests();
    expect(requests.map((r) => [r.protocol, r.ruleIndex, r.outcome])).toEqual([
      ['openai', 0, 'completed'],
      ['openai', 0, 'completed'],
      ['openai', 0, 'completed'],
    ]);
    const info = (await (await fetch(`${emu.url}/__emulator`)).json()) as { rules: number; url: string };
    expect(info).toMatchObject({ rules: 1, url: emu.url });
    await remote.reset();
    expect(await remote.requests()).toEqual([]);
    expect((await openai.chat.completions.create(gpt)).choices[0]?.message.content).toContain(
      'Emulated reply',
    );
  });

  it('answers a malformed rule with a 400 that says what to fix', async () => {
    const emu = emulator();
    const response = await postJSON(`${emu.url}/__emulator/rules`, { fault: { kind: 'explode' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/Invalid emulator rule/);
    await expect(connectEmulator(emu.url).script({ times: -1 } as never)).rejects.toThrow(/400/);
  });
});
