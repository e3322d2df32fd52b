/** OpenAI Chat Completions, Azure, Gemini's and Ollama's OpenAI-compatible endpoints, through the openai SDK. */
import { RateLimitError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { clients, hello, useEmulator } from './test-support';

const emulator = useEmulator();

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('OpenAI chat completions', () => {
  it('answers JSON with the scripted text, usage (cache and reasoning), reported model and headers', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        text: 'Bonjour **monde**',
        model: 'gpt-4o-2024-08-06',
        usage: { input: 10, cacheRead: 90, output: 50, reasoning: 20 },
      },
    });
    const { data, response } = await clients
      .openai(emu)
      .chat.completions.create({ model: 'gpt-4o', messages: hello })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('gpt-4o-2024-08-06');
    expect(data.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Bonjour **monde**',
      refusal: null,
    });
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 90 },
      completion_tokens_details: { reasoning_tokens: 20 },
    });
    expect(response.headers.get('x-request-id')).toBe(emu.requests[0]?.requestId);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('10000');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toMatch(/^\d+$/);
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('6ms');
  });

  it('streams text, with the usage chunk (choices: []) last only when include_usage is asked', async () => {
    const emu = emulator();
    emu.script({
      reply: { text: 'One two three four', chunkSize: 4, usage: { input: 7, output: 5 } },
      times: 2,
    });
    const openai = clients.openai(emu);

    const withUsage = await collect(
      await openai.chat.completions.create({
        model: 'gpt-4o',
        messages: hello,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = withUsage[withUsage.length - 1];
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    expect(withUsage.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    const text = withUsage.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('One two three four');
    expect(withUsage.filter((chunk) => chunk.choices[0]?.delta.content).length).toBe(5);
    expect(withUsage.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe(
      'stop',
    );

    const withoutUsage = await collect(
      await openai.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true }),
    );
    expect(withoutUsage.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(withoutUsage.every((chunk) => chunk.choices.length === 1)).toBe(true);
  });

  it('streams parallel tool calls by index: id and name first, then argument fragments', async () => {
    const emu = emulator();
    emu.script({
      reply: {
        toolCalls: [
          { id: 'call_weather', name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_time', arguments: '{"zone":"CET"}', argumentChunks: ['{"zo', 'ne":', '"CET"}'] },
        ],
      },
    });
    const stream = clients.openai(emu).chat.completions.stream({ model: 'gpt-4o', messages: hello });
    const raw: ChatCompletionChunk[] = [];
    stream.on('chunk', (chunk) => raw.push(chunk));
    const completion = await stream.finalChatCompletion();

    const toolDeltas = raw.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const firstOfSecond = toolDeltas.find((delta) => delta.index === 1);
    expect(firstOfSecond).toMatchObject({
      index: 1,
      type: 'function',
      function: { name: 'get_time', arguments: '' },
    });
    expect(firstOfSecond?.id).toMatch(/^call_/);
    expect(toolDeltas.filter((d) => d.index === 1).slice(1)).toEqual([
      { index: 1, function: { arguments: '{"zo' } },
      { index: 1, function: { arguments: 'ne":' } },
      { index: 1, function: { arguments: '"CET"}' } },
    ]);
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map((call) =>
        call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : [],
      ),
    ).toEqual([
      ['call_weather', 'get_weather', '{"city":"Paris"}'],
      [firstOfSecond?.id, 'get_time', '{"zone":"CET"}'],
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
  });

  it('sends refusals as message.refusal, streamed as refusal deltas', async () => {
    const emu = emulator();
    emu.script({ reply: { refusal: "I'm sorry, I can't help with that." }, times: 2 });
    const openai = clients.openai(emu);
    const json = await openai.chat.completions.create({ model: 'gpt-4o', messages: hello });
    expect(json.choices[0]?.message).toMatchObject({
      content: null,
      refusal: "I'm sorry, I can't help with that.",
    });
    const streamed = await openai.chat.completions
      .stream({ model: 'gpt-4o', messages: hello })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.refusal).toBe("I'm sorry, I can't help with that.");
    expect(streamed.choices[0]?.finish_reason).toBe('stop');
  });

  it('carries reasoning in reasoning_content (or reasoning) and passes a raw finish reason through', async () => {
    const emu = emulator();
    emu.script(
      {
        match: { stream: false },
        reply: { thinking: 'Let me think.', text: 'Done', finishReason: 'length' },
      },
      {
        match: { stream: true },
        reply: { thinking: ['Let ', 'me think.'], reasoningField: 'reasoning', text: 'Done' },
      },
    );
    const openai = clients.openai(emu);
    const json = await openai.chat.completions.create({ model: 'deepseek-r1', messages: hello });
    expect(json.choices[0]?.message).toMatchObject({ reasoning_content: 'Let me think.', content: 'Done' });
    expect(json.choices[0]?.finish_reason).toBe('length');
    const chunks = await collect(
      await openai.chat.completions.create({ model: 'deepseek-r1', messages: hello, stream: true }),
    );
    const reasoning = chunks.map(
      (c) => (c.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '',
    );
    expect(reasoning.join('')).toBe('Let me think.');
  });

  it('lists models and refuses max_tokens for reasoning models like the real API', async () => {
    const emu = emulator();
    const openai = clients.openai(emu);
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toContain('gpt-4o');
    await expect(
      openai.chat.completions.create({ model: 'gpt-5', messages: hello, max_tokens: 10 }),
    ).rejects.toMatchObject({ status: 400, code: 'unsupported_parameter', param: null });
  });
});

describe('Azure OpenAI', () => {
  it('serves deployment URLs with api-version and api-key, and answers with apim-request-id', async () => {
    const emu = emulator();
    emu.script({
      match: { model: 'prod-gpt4o' },
      reply: { text: 'Azure says hi', model: 'gpt-4o-2024-11-20' },
    });
    const { data, response } = await clients
      .azure(emu)
      .chat.completions.create({ model: 'gpt-4o', messages: hello })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Azure says hi');
    expect(data.model).toBe('gpt-4o-2024-11-20');
    expect(data).toHaveProperty('prompt_filter_results');
    const record = emu.requests[0];
    expect(record).toMatchObject({
      protocol: 'azure',
      path: '/openai/deployments/prod-gpt4o/chat/completions',
      query: { 'api-version': '2024-10-21' },
      ruleIndex: 0,
    });
    expect(record?.headers['api-key']).toBe('****abcd');
    expect(response.headers.get('apim-request-id')).toBe(record?.requestId);
  });

  it('accepts a Microsoft Entra bearer token and streams the prompt-filter chunk first', async () => {
    const emu = emulator();
    const { AzureOpenAI } = await import('openai');
    const azure = new AzureOpenAI({
      endpoint: emu.baseURLs.azureEndpoint,
      azureADTokenProvider: async () => 'entra-token-9876',
      apiVersion: '2024-10-21',
      deployment: 'chat',
      maxRetries: 0,
    });
    emu.script({ reply: { text: 'Filtered', finishReason: 'content_filter' } });
    const chunks = await collect(
      await azure.chat.completions.create({
        model: 'gpt-4o',
        messages: hello,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(chunks[0]).toMatchObject({ choices: [], id: '', prompt_filter_results: [{ prompt_index: 0 }] });
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      content_filter_results: { violence: { filtered: true } },
    });
    expect(emu.requests[0]?.headers.authorization).toBe('Bearer ****9876');
  });

  it('answers 404 Resource not found without an api-version, like Azure', async () => {
    const emu = emulator();
    const response = await fetch(`${emu.baseURLs.azure}/deployments/chat/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: hello }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });
});

describe("Gemini's OpenAI-compatible endpoint", () => {
  it('answers under /v1beta/openai and lists models/...', async () => {
    const emu = emulator();
    const gemini = clients.gemini(emu);
    const completion = await gemini.chat.completions.create({ model: 'gemini-2.5-flash', messages: hello });
    expect(completion.choices[0]?.message.content).toContain('> Hello there');
    expect(emu.requests[0]).toMatchObject({ protocol: 'gemini', path: '/v1beta/openai/chat/completions' });
    const models = await gemini.models.list();
    expect(models.data.map((m) => m.id)).toContain('models/gemini-2.5-flash');
  });

  it("sends Google's array-wrapped error body with RetryInfo on a 429", async () => {
    const emu = emulator();
    emu.script({ fault: { kind: 'rate-limit', retryAfterSeconds: 34 }, times: 2 });
    await expect(
      clients.gemini(emu).chat.completions.create({ model: 'gemini-2.5-flash', messages: hello }),
    ).rejects.toBeInstanceOf(RateLimitError);
    const response = await fetch(`${emu.baseURLs.gemini}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: hello }),
    });
    expect(response.status).toBe(429);
    const body = (await response.json()) as Array<{
      error: { code: number; status: string; details: unknown[] };
    }>;
    expect(body[0]?.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(body[0]?.error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '34s',
    });
  });
});

describe("Ollama's OpenAI-compatible /v1", () => {
  it('needs no key and answers like OpenAI under its own base URL', async () => {
    const emu = emulator();
    emu.script({ match: { protocol: 'ollama-openai' }, reply: { text: 'local answer' } });
    const ollama = clients.ollamaOpenAI(emu);
    const streamed = await ollama.chat.completions
      .stream({ model: 'llama3.2', messages: hello, stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe('local answer');
    expect(streamed.system_fingerprint).toBe('fp_ollama');
    expect(streamed.usage?.completion_tokens).toBeGreaterThan(0);
    expect(emu.requests[0]).toMatchObject({ protocol: 'ollama-openai', path: '/ollama/v1/chat/completions' });
  });
});
