/**
 * The behaviour every adapter shares, proven for each provider through its official SDK over real HTTP to the
 * emulator: answers in one body and streamed, usage, tool calls, reasoning, images, listing and health.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PNG_2x1,
  PROVIDER_CASES,
  adapterFor,
  chatRequests,
  collect,
  deltaText,
  finalResponse,
  useEmulator,
} from './test-helpers';
import type { ChatRequest, ResponseMeta, StreamEvent } from './types';

const emulator = useEmulator();

describe.each(PROVIDER_CASES)('$name adapter', (testCase) => {
  const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model: testCase.model,
    messages: [{ role: 'user', content }],
    ...extra,
  });
  const isAnthropic = testCase.protocol === 'anthropic';

  it('answers in one body: text, finish reason with its raw value, model, ids, usage and timing', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        text: 'Bonjour tout le monde',
        usage: { input: 120, cacheRead: 30, output: 9 },
        model: 'served-1',
      },
    });
    const response = await adapterFor(testCase, emu).complete(ask('Say hello in French'));
    expect(response.text).toBe('Bonjour tout le monde');
    expect(response.content).toEqual([{ type: 'text', text: 'Bonjour tout le monde' }]);
    expect(response.finishReason).toBe('stop');
    expect(response.rawFinishReason).toBe(isAnthropic ? 'end_turn' : 'stop');
    expect(response.model).toBe('served-1');
    expect(response.provider).toBe(testCase.config(emu).id);
    expect(response.id).toMatch(/^(msg_|chatcmpl-)/);
    const recorded = chatRequests(emu).at(-1);
    if (testCase.requestIdHeader) expect(response.requestId).toBe(recorded?.requestId);
    expect(response.usage).toEqual({
      input: { uncached: 120, cacheRead: 30, cacheWrite: 0 },
      output: { text: 9, reasoning: 0 },
      source: 'reported',
    });
    expect(response.timing.totalMs).toBeGreaterThanOrEqual(0);
    expect(recorded?.stream).toBe(false);
  });

  it('streams deltas that add up to the same response complete() gives, ending with finish', async () => {
    const emu = emulator();
    const reply = { text: 'One, two, three, four, five.', chunkSize: 4, usage: { input: 50, output: 8 } };
    emu.script({ reply }, { reply });
    const adapter = adapterFor(testCase, emu);
    const whole = await adapter.complete(ask('Count to five'));
    const events = await collect(adapter.stream(ask('Count to five')));

    expect(events[0]).toMatchObject({ type: 'start', model: testCase.model });
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.map((e) => e.text)).toEqual(['One,', ' two', ', th', 'ree,', ' fou', 'r, f', 'ive.']);
    const streamed = finalResponse(events);
    expect(deltaText(events)).toBe(streamed.text);
    const { timing: _streamTiming, id: _streamId, requestId: _streamRequest, ...sameStreamed } = streamed;
    const { timing: _wholeTiming, id: _wholeId, requestId: _wholeRequest, ...sameWhole } = whole;
    expect(sameStreamed).toEqual(sameWhole);
    expect(streamed.timing.ttftMs).toBeGreaterThanOrEqual(0);
    expect(streamed.timing.totalMs).toBeGreaterThanOrEqual(streamed.timing.ttftMs ?? 0);
    expect(events.filter((e) => e.type === 'finish' || e.type === 'error')).toHaveLength(1);
    const usageEvents = events.filter(
      (e): e is Extract<StreamEvent, { type: 'usage' }> => e.type === 'usage',
    );
    expect(usageEvents.at(-1)?.usage).toEqual(streamed.usage);
    expect(chatRequests(emu).at(-1)?.stream).toBe(true);
  });

  it('reports reasoning and cached tokens apart from text and uncached input', async () => {
    const emu = emulator();
    const usage = isAnthropic
      ? { input: 200, cacheRead: 1000, cacheWrite: 300, output: 40 }
      : { input: 200, cacheRead: 1000, output: 40, reasoning: 25 };
    emu.script({ reply: { text: 'Done.', thinking: 'Let me think.', usage } });
    const response = await adapterFor(testCase, emu).complete(
      ask(
        'Think first',
        isAnthropic ? { reasoning: { budgetTokens: 1024 } } : { reasoning: { effort: 'low' } },
      ),
    );
    expect(response.usage.input).toEqual({
      uncached: 200,
      cacheRead: 1000,
      cacheWrite: isAnthropic ? 300 : 0,
    });
    // The emulator renders Anthropic's usage without `output_tokens_details`: its reasoning share is unknown.
    expect(response.usage.output).toEqual(
      isAnthropic ? { text: 40, reasoning: 0 } : { text: 15, reasoning: 25 },
    );
    expect(response.content[0]).toMatchObject({ type: 'thinking', text: 'Let me think.' });
    expect(response.content[1]).toEqual({ type: 'text', text: 'Done.' });
  });

  it('streams thinking as thinking deltas before the text', async () => {
    const emu = emulator();
    emu.script({ reply: { thinking: ['Weighing ', 'options.'], text: 'Option B.' } });
    const events = await collect(
      adapterFor(testCase, emu).stream(
        ask(
          'Pick one',
          isAnthropic ? { reasoning: { budgetTokens: 2048 } } : { reasoning: { effort: 'high' } },
        ),
      ),
    );
    const thinking = events.filter((e) => e.type === 'thinking-delta').map((e) => e.text);
    expect(thinking).toEqual(['Weighing ', 'options.']);
    const firstText = events.findIndex((e) => e.type === 'text-delta');
    const lastThinking = events.map((e) => e.type).lastIndexOf('thinking-delta');
    expect(lastThinking).toBeLessThan(firstText);
    const response = finalResponse(events);
    expect(response.content.map((p) => p.type)).toEqual(['thinking', 'text']);
    if (isAnthropic) {
      expect(events.some((e) => e.type === 'thinking-signature')).toBe(true);
      expect(response.content[0]).toMatchObject({ signature: expect.any(String) });
    }
  });

  it('returns tool calls with parsed arguments, the raw text kept, in one body and streamed', async () => {
    const emu = emulator();
    const reply = {
      toolCalls: [
        { id: 'call_weather_1', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
        { id: 'call_time_2', name: 'get_time', arguments: { zone: 'Europe/Paris' } },
      ],
      chunkSize: 5,
    };
    emu.script({ reply }, { reply });
    const tools = [
      {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } },
    ];
    const adapter = adapterFor(testCase, emu);
    const whole = await adapter.complete(ask('Weather and time in Paris?', { tools, toolChoice: 'auto' }));
    expect(whole.finishReason).toBe('tool_calls');
    expect(whole.rawFinishReason).toBe(isAnthropic ? 'tool_use' : 'tool_calls');
    expect(whole.content).toEqual([
      {
        type: 'tool-call',
        id: 'call_weather_1',
        name: 'get_weather',
        arguments: { city: 'Paris', unit: 'celsius' },
        rawArguments: '{"city":"Paris","unit":"celsius"}',
      },
      {
        type: 'tool-call',
        id: 'call_time_2',
        name: 'get_time',
        arguments: { zone: 'Europe/Paris' },
        rawArguments: '{"zone":"Europe/Paris"}',
      },
    ]);

    const events = await collect(adapter.stream(ask('Weather and time in Paris?', { tools })));
    const starts = events.filter((e) => e.type === 'tool-call-start');
    expect(starts).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_weather_1', name: 'get_weather' },
      { type: 'tool-call-start', index: 1, id: 'call_time_2', name: 'get_time' },
    ]);
    const firstArgs = events
      .filter((e) => e.type === 'tool-call-delta' && e.index === 0)
      .map((e) => (e.type === 'tool-call-delta' ? e.argumentsDelta : ''));
    expect(firstArgs.length).toBeGreaterThan(1);
    expect(firstArgs.join('')).toBe('{"city":"Paris","unit":"celsius"}');
    const ends = events.filter((e) => e.type === 'tool-call-end');
    expect(ends.map((e) => (e.type === 'tool-call-end' ? e.call.arguments : null))).toEqual([
      { city: 'Paris', unit: 'celsius' },
      { zone: 'Europe/Paris' },
    ]);
    expect(finalResponse(events).content).toEqual(whole.content);
  });

  it('keeps streamed tool arguments that are not JSON as raw text, with undefined arguments', async () => {
    const emu = emulator();
    emu.script({
      reply: { toolCalls: [{ id: 'call_bad', name: 'lookup', arguments: '{"q": "unterminated' }] },
    });
    const events = await collect(
      adapterFor(testCase, emu).stream(
        ask('Look it up', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] }),
      ),
    );
    const call = {
      type: 'tool-call',
      id: 'call_bad',
      name: 'lookup',
      arguments: undefined,
      rawArguments: '{"q": "unterminated',
    };
    expect(events.find((e) => e.type === 'tool-call-end')).toEqual({ type: 'tool-call-end', index: 0, call });
    expect(finalResponse(events).content).toEqual([call]);
  });

  it('sends an image from bytes in the provider’s own format', async () => {
    const emu = emulator();
    const response = await adapterFor(testCase, emu).complete({
      model: testCase.model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What colours are these pixels?' },
            { type: 'image', source: { kind: 'bytes', data: PNG_2x1, mediaType: 'image/png' } },
          ],
        },
      ],
    });
    expect(response.text).toContain('What colours are these pixels?');
    const recorded = chatRequests(emu).at(-1);
    expect(recorded?.imageSha256).toEqual([createHash('sha256').update(PNG_2x1).digest('hex')]);
    const body = recorded?.body as { messages: Array<{ content: unknown }> };
    const parts = body.messages.at(-1)?.content as Array<Record<string, unknown>>;
    const base64 = Buffer.from(PNG_2x1).toString('base64');
    if (isAnthropic) {
      expect(parts[1]).toEqual({
        type: 'image',
        source: { type: 'base64', media_type: 'image/png', data: base64 },
      });
    } else {
      expect(parts[1]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${base64}` } });
    }
    expect(parts[0]).toEqual({ type: 'text', text: 'What colours are these pixels?' });
  });

  it('reports each response’s status and headers, errors included, for the rate limiter', async () => {
    const emu = emulator();
    emu.script(
      { reply: { text: 'ok', rateLimit: { requests: { limit: 60, remaining: 59, resetMs: 1000 } } } },
      { fault: { kind: 'rate-limit', retryAfterSeconds: 3 } },
    );
    const seen: ResponseMeta[] = [];
    const adapter = adapterFor(testCase, emu);
    await adapter.complete(ask('first'), { onResponse: (meta) => seen.push(meta) });
    await expect(
      adapter.complete(ask('second'), { onResponse: (meta) => seen.push(meta) }),
    ).rejects.toMatchObject({
      kind: 'rate_limit',
    });
    expect(seen.map((m) => m.status)).toEqual([200, 429]);
    if (testCase.protocol === 'anthropic') {
      expect(seen[0]?.headers.get('anthropic-ratelimit-requests-remaining')).toBe('59');
    } else if (testCase.protocol === 'openai' || testCase.protocol === 'azure') {
      expect(seen[0]?.headers.get('x-ratelimit-remaining-requests')).toBe('59');
    }
    if (testCase.protocol !== 'gemini') expect(seen[1]?.headers.get('retry-after')).toBe('3');
  });

  it('lists models and reports health without spending tokens', async () => {
    const emu = emulator();
    const adapter = adapterFor(testCase, emu);
    const models = await adapter.listModels();
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) expect(model.id).not.toMatch(/^models\//);
    const health = await adapter.health();
    expect(health).toMatchObject({ ok: true, models: models.length });
    expect(emu.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('passes provider-specific options into the body as they are', async () => {
    const emu = emulator();
    await adapterFor(testCase, emu).complete(
      ask('hi', { providerOptions: { metadata: { user_id: 'u-42' } } }),
    );
    expect((chatRequests(emu).at(-1)?.body as Record<string, unknown>).metadata).toEqual({ user_id: 'u-42' });
  });
});
