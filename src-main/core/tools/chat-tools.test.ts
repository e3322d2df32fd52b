/**
 * Tools in chat through the bridge of a real core: the reference filesystem server on a temporary folder, the
 * provider emulator scripting the model's tool calls in the Anthropic and the OpenAI wire formats (through the
 * official SDKs over HTTP), and the user's approvals as the window sends them. The answer uses the file; each
 * model round is its own ledger row; the answer's cost is their sum. Also: deny, a server that crashes mid-call,
 * Stop while a call waits, and a tool result counted in what the next turn sends.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  BridgeResult,
  CallInput,
  CallName,
  CallOutput,
  ChatStreamBatch,
  ChatStreamEvent,
} from '@contract/bridge';
import type { Message } from '@contract/conversations';
import type { ToolApproval } from '@contract/tools';
import { emulatorEnvironment, startEmulator } from '../../emulator/index';
import type { Emulator } from '../../emulator/types';
import { createAppCore, type AppCore } from '../app-core';
import { BROKEN_SERVER, FILESYSTEM_SERVER } from './testing/servers';

const CLIENT = 'window-1';
const MODELS = [
  { protocol: 'anthropic', ref: 'anthropic:claude-sonnet-5', model: 'claude-sonnet-5' },
  { protocol: 'openai', ref: 'openai:gpt-6-sol', model: 'gpt-6-sol' },
] as const;

let emulator: Emulator;
let dataDir: string;
let folder: string;
let core: AppCore | undefined;

type Stream = { events: ChatStreamEvent[]; done: Promise<Message> };

async function open(decide: (call: { name: string; tool?: string }) => ToolApproval | null) {
  const opened = await createAppCore({
    host: 'web',
    dataDir,
    env: emulatorEnvironment(emulator),
    version: 'test',
    platform: 'linux',
    vault: { kind: 'memory' },
    openExternal: async () => ({ opened: false }),
    healthCheckIntervalMs: 0,
  });
  core = opened;
  const streams = new Map<
    string,
    { events: ChatStreamEvent[]; resolve?: (m: Message) => void; last?: Message }
  >();
  const streamOf = (id: string) => {
    let s = streams.get(id);
    if (!s) streams.set(id, (s = { events: [] }));
    return s;
  };
  const call = async <N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> => {
    const result = (await opened.router.dispatch(name, input, { clientId: CLIENT })) as BridgeResult<
      CallOutput<N>
    >;
    if (!result.ok) throw new Error(`${name}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  opened.events.subscribe(({ name, payload }) => {
    if (name !== 'chat.stream') return;
    const batch = payload as ChatStreamBatch;
    void opened.router.dispatch(
      'chat.ack',
      { streamId: batch.streamId, seq: batch.seq },
      { clientId: CLIENT },
    );
    const stream = streamOf(batch.streamId);
    for (const event of batch.events) {
      stream.events.push(event);
      if (event.type === 'tool' && event.call.state === 'awaiting-approval') {
        const decision = decide({
          name: event.call.name,
          ...(event.call.tool ? { tool: event.call.tool } : {}),
        });
        if (decision) {
          void call('chat.approveTool', { streamId: batch.streamId, callId: event.call.id, decision });
        }
      }
      if (event.type === 'done' || event.type === 'error') {
        stream.last = event.message;
        stream.resolve?.(event.message);
      }
    }
  });
  const send = async (input: CallInput<'chat.send'>): Promise<Stream & { streamId: string }> => {
    const sent = await call('chat.send', input);
    const stream = streamOf(sent.streamId);
    const done = new Promise<Message>((resolve) => {
      if (stream.last) resolve(stream.last);
      else stream.resolve = resolve;
    });
    return { streamId: sent.streamId, events: stream.events, done };
  };
  return { call, send };
}

const stdio = (id: string, args: string[], extra: Record<string, unknown> = {}) => ({
  server: {
    id,
    name: id === 'files' ? 'Project files' : id,
    transport: { kind: 'stdio' as const, command: process.execPath, args, env: {}, secretEnv: [] },
    ...extra,
  },
});

beforeEach(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-chat-tools-'));
  folder = mkdtempSync(join(tmpdir(), 'modeldesk-chat-tools-files-'));
  writeFileSync(join(folder, 'notes.txt'), 'The launch code is PELICAN-42.\n');
});

afterEach(async () => {
  await core?.dispose();
  core = undefined;
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

describe.each(MODELS)('tools in chat, $protocol wire format', ({ protocol, ref, model }) => {
  it('asks before the call, runs it, and the answer uses the file; each round is a ledger row, the cost their sum', async () => {
    const approvals: string[] = [];
    const { call, send } = await open((c) => {
      approvals.push(c.tool ?? c.name);
      return 'once';
    });
    await call('mcp.upsert', stdio('files', [FILESYSTEM_SERVER, folder]));
    const conversation = await call('conversations.create', { model: ref });
    await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'files', tools: ['read_text_file', 'list_directory'] }] },
    });
    emulator.script(
      {
        match: { protocol, toolResults: false, promptIncludes: 'launch code' },
        reply: {
          text: 'Let me read your notes. ',
          toolCalls: [{ name: 'files__read_text_file', arguments: { path: join(folder, 'notes.txt') } }],
          usage: { input: 1200, output: 40 },
        },
      },
      {
        match: { protocol, toolResults: true, toolResultIncludes: 'PELICAN' },
        reply: {
          quoteToolResult: { before: 'Your notes say: ', maxChars: 60 },
          usage: { input: 1500, output: 20 },
        },
      },
    );
    const stream = await send({
      conversationId: conversation.id,
      text: 'What is the launch code in my notes?',
    });
    const message = await stream.done;
    expect(message.status).toBe('complete');
    expect(message.text).toBe('Let me read your notes. Your notes say: The launch code is PELICAN-42.\n');
    expect(message.roundTexts).toEqual([
      'Let me read your notes. ',
      'Your notes say: The launch code is PELICAN-42.\n',
    ]);
    expect(approvals).toEqual(['read_text_file']);
    expect(message.toolCalls).toEqual([
      expect.objectContaining({
        round: 1,
        server: 'files',
        serverName: 'Project files',
        tool: 'read_text_file',
        state: 'done',
        allowedBy: 'once',
        result: 'The launch code is PELICAN-42.\n',
        isError: false,
      }),
    ]);
    const states = stream.events.flatMap((e) => (e.type === 'tool' ? [e.call.state] : []));
    expect(states).toEqual(['awaiting-approval', 'running', 'done']);
    // The requests: tools offered in the provider's format; the second round carries the result back.
    const rounds = emulator.requests.filter((r) => r.protocol === protocol && r.model === model);
    expect(rounds).toHaveLength(2);
    const first = rounds[0]?.body as { tools: Array<Record<string, unknown>> };
    const names = first.tools.map((t) =>
      protocol === 'anthropic' ? t.name : (t.function as { name: string }).name,
    );
    expect(names).toEqual(['files__read_text_file', 'files__list_directory']);
    expect(JSON.stringify(rounds[1]?.body)).toContain(
      protocol === 'anthropic' ? '"tool_result"' : '"role":"tool"',
    );
    // Money: two rows, the second a tool round; the answer's cost is their sum.
    const records = await call('costs.messageRecords', { messageId: message.id });
    expect(records.map((r) => [r.role, r.outcome])).toEqual([
      ['primary', 'ok'],
      ['tool_round', 'ok'],
    ]);
    expect(records[0]?.requestId).not.toBe(records[1]?.requestId);
    const sum = records.reduce((total, r) => total + (r.costMicros ?? 0), 0);
    expect(sum).toBeGreaterThan(0);
    expect(message.costMicros).toBe(sum);
    expect(message.usage?.input.uncached).toBe(2700);
    // The conversation's review lists the rounds: the answer's, and those after tool calls.
    const review = await call('costs.conversation', { conversationId: conversation.id });
    expect(review.toolRounds).toEqual({
      rounds: 1,
      answers: 1,
      costMicros: records[1]?.costMicros,
      unknownCostCalls: 0,
    });
    expect(review.topMessages[0]).toMatchObject({ messageId: message.id, costMicros: sum, rounds: 2 });
    expect(review.overheadMicros).toBe(0);
    // The next turn sends the calls and their results again, and counts them.
    const reloaded = await call('conversations.get', { id: conversation.id });
    expect(reloaded.messages.at(-1)?.toolCalls).toHaveLength(1);
    const estimate = await call('chat.estimate', { conversationId: conversation.id, text: 'Thanks' });
    const without = await call('chat.estimate', { text: 'Thanks', target: { model: ref } });
    expect(estimate.inputTokens).toBeGreaterThan(without.inputTokens + 20);
    emulator.script({ match: { protocol, promptIncludes: 'Thanks' }, reply: { text: 'You are welcome.' } });
    expect((await (await send({ conversationId: conversation.id, text: 'Thanks' })).done).text).toBe(
      'You are welcome.',
    );
    const third = emulator.requests.filter((r) => r.protocol === protocol && r.model === model).at(-1);
    expect(JSON.stringify(third?.body)).toContain('PELICAN-42');
  });

  it('tells the model a call was denied, and runs nothing', async () => {
    const { call, send } = await open(() => 'deny');
    await call('mcp.upsert', stdio('files', [FILESYSTEM_SERVER, folder]));
    const conversation = await call('conversations.create', { model: ref });
    await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'files', tools: 'all' }] },
    });
    emulator.script(
      {
        match: { protocol, toolResults: false },
        reply: {
          toolCalls: [{ name: 'files__read_text_file', arguments: { path: join(folder, 'notes.txt') } }],
        },
      },
      { match: { protocol, toolResults: true }, reply: { quoteToolResult: { before: 'Tool said: ' } } },
    );
    const message = await (await send({ conversationId: conversation.id, text: 'Read my notes' })).done;
    expect(message.toolCalls?.[0]).toMatchObject({ state: 'denied' });
    expect(message.text).toBe(
      'Tool said: The user denied this tool call. Do not try it again; answer without it, or ask the user.',
    );
    const log = await call('mcp.log', { id: 'files' });
    expect(log.lines.some((l) => l.text.startsWith('read_text_file:'))).toBe(false);
  });

  it('a server that crashes mid-call: the answer goes on and says so, and the server starts again next time', async () => {
    const { call, send } = await open(() => 'once');
    await call('mcp.upsert', stdio('kit', [BROKEN_SERVER], { trusted: true }));
    await call('mcp.test', { id: 'kit' });
    const conversation = await call('conversations.create', { model: ref });
    await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'kit', tools: 'all' }] },
    });
    emulator.script(
      {
        match: { protocol, toolResults: false },
        reply: { toolCalls: [{ name: 'kit__crash', arguments: {} }] },
      },
      {
        match: { protocol, toolResults: true },
        reply: { quoteToolResult: { before: 'Tool said: ', maxChars: 40 } },
      },
    );
    const message = await (await send({ conversationId: conversation.id, text: 'Crash it' })).done;
    expect(message.status).toBe('complete');
    expect(message.toolCalls?.[0]).toMatchObject({
      state: 'error',
      allowedBy: 'trusted',
      error: { kind: 'crashed', message: expect.stringContaining('segmentation fault') },
    });
    expect(message.text).toMatch(/^Tool said: The tool could not run: “kit” stopped/);
    expect((await call('mcp.test', { id: 'kit' })).ok).toBe(true);
  });

  it('Stop while a call waits for the user ends the answer, keeping what arrived', async () => {
    const { call, send } = await open(() => null);
    await call('mcp.upsert', stdio('files', [FILESYSTEM_SERVER, folder]));
    const conversation = await call('conversations.create', { model: ref });
    await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'files', tools: 'all' }] },
    });
    emulator.script({
      match: { protocol, toolResults: false },
      reply: {
        text: 'Looking. ',
        toolCalls: [{ name: 'files__read_text_file', arguments: { path: join(folder, 'notes.txt') } }],
      },
    });
    const stream = await send({ conversationId: conversation.id, text: 'Read my notes' });
    await waitFor(() => stream.events.some((e) => e.type === 'tool' && e.call.state === 'awaiting-approval'));
    await call('chat.stop', { streamId: stream.streamId });
    const message = await stream.done;
    expect(message.status).toBe('stopped');
    expect(message.text).toBe('Looking. ');
    expect(message.toolCalls?.[0]).toMatchObject({ state: 'error', error: { kind: 'aborted' } });
    const records = await call('costs.messageRecords', { messageId: message.id });
    expect(records.map((r) => r.role)).toEqual(['primary']);
    expect(message.costMicros).toBe(records[0]?.costMicros);
  });
});

describe('tool failures in chat: a clear message in place, and nothing lost', () => {
  const protocol = 'openai';
  const ref = 'openai:gpt-6-sol';

  /** A conversation with every tool of the broken server on (trusted: no approval), the model calling `tool`. */
  async function brokenCall(tool: string, args: string[] = [], extra: Record<string, unknown> = {}) {
    const opened = await open(() => 'once');
    await opened.call('mcp.upsert', stdio('kit', [BROKEN_SERVER, ...args], { trusted: true, ...extra }));
    await opened.call('mcp.test', { id: 'kit' });
    const conversation = await opened.call('conversations.create', { model: ref });
    await opened.call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'kit', tools: 'all' }] },
    });
    emulator.script(
      {
        match: { protocol, toolResults: false },
        reply: { text: 'Trying. ', toolCalls: [{ name: `kit__${tool}`, arguments: {} }] },
      },
      {
        match: { protocol, toolResults: true },
        reply: { quoteToolResult: { before: 'Tool said: ', maxChars: 60 } },
      },
    );
    return { ...opened, conversation };
  }

  it('a chosen server that will not start: the composer says why, the answer goes without its tools', async () => {
    const { call, send } = await open(() => 'once');
    await call('mcp.upsert', stdio('kit', [BROKEN_SERVER, 'exit-at-start'], { trusted: true }));
    const conversation = await call('conversations.create', { model: ref });
    await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: { servers: [{ server: 'kit', tools: 'all' }] },
    });
    emulator.script({ match: { protocol }, reply: { text: 'No tools needed.' } });
    const message = await (await send({ conversationId: conversation.id, text: 'Hello' })).done;
    expect(message).toMatchObject({ status: 'complete', text: 'No tools needed.' });
    expect(message.toolCalls).toBeUndefined();
    const sent = emulator.requests.filter((r) => r.protocol === protocol && r.stream);
    expect(JSON.stringify(sent[0]?.body)).not.toContain('"tools"');
    const view = await call('tools.choice', { conversationId: conversation.id, target: {} });
    expect(view.onCount).toBe(0);
    expect(view.unavailable).toEqual([
      { server: 'kit', name: 'kit', message: expect.stringContaining('cannot open configuration file') },
    ]);
  });

  it('a call that hangs past the timeout: the model is told, the answer goes on', async () => {
    const { send, conversation } = await brokenCall('hang', [], { callTimeoutSeconds: 1 });
    const message = await (await send({ conversationId: conversation.id, text: 'Hang' })).done;
    expect(message.status).toBe('complete');
    expect(message.toolCalls?.[0]).toMatchObject({
      state: 'error',
      error: { kind: 'timeout', message: expect.stringContaining('within 1 s') },
    });
    expect(message.text).toMatch(/^Trying\. Tool said: The tool could not run: /);
  });

  it('a result that is not MCP: the model is told, the answer goes on', async () => {
    const { send, conversation } = await brokenCall('garbage');
    const message = await (await send({ conversationId: conversation.id, text: 'Noise' })).done;
    expect(message.status).toBe('complete');
    expect(message.toolCalls?.[0]).toMatchObject({ state: 'error', error: { kind: 'bad_response' } });
    expect(message.text).toMatch(/^Trying\. Tool said: The tool could not run: /);
  });

  it('a huge result reaches the model cut to the limit, saying so', async () => {
    const { send, conversation, call } = await brokenCall('huge');
    const message = await (await send({ conversationId: conversation.id, text: 'Big' })).done;
    expect(message.toolCalls?.[0]).toMatchObject({ state: 'done', truncated: true });
    expect(message.toolCalls?.[0]?.result?.length).toBeLessThan(210_000);
    const sent = emulator.requests.filter((r) => r.protocol === protocol).at(-1);
    const body = JSON.stringify(sent?.body);
    expect(body).toContain('Modeldesk cut this result: the tool returned 200,000 characters');
    expect(body.length).toBeLessThan(200_000);
    const records = await call('costs.messageRecords', { messageId: message.id });
    expect(records.map((r) => r.role)).toEqual(['primary', 'tool_round']);
  });

  it('Stop while a tool runs: the tool is cancelled on its server, no further round is sent, what arrived is kept', async () => {
    const { send, conversation, call } = await brokenCall('hang');
    const stream = await send({ conversationId: conversation.id, text: 'Hang' });
    await waitFor(() => stream.events.some((e) => e.type === 'tool' && e.call.state === 'running'));
    const requestsBefore = emulator.requests.length;
    await call('chat.stop', { streamId: stream.streamId });
    const message = await stream.done;
    expect(message.status).toBe('stopped');
    expect(message.text).toBe('Trying. ');
    expect(message.toolCalls?.[0]).toMatchObject({ state: 'error', error: { kind: 'aborted' } });
    await waitFor(async () =>
      (await call('mcp.log', { id: 'kit' })).lines.some((l) => l.text.includes('cancelled request')),
    );
    expect(emulator.requests.length).toBe(requestsBefore);
    const records = await call('costs.messageRecords', { messageId: message.id });
    expect(records.map((r) => r.role)).toEqual(['primary']);
    const saved = await call('conversations.get', { id: conversation.id });
    expect(saved.messages.at(-1)).toMatchObject({ status: 'stopped', text: 'Trying. ' });
  });

  it('at most the rounds allowed: a model that keeps calling tools is made to answer', async () => {
    const { send, conversation, call } = await brokenCall('echo');
    emulator.reset();
    emulator.script({
      match: { protocol },
      reply: { text: 'Again. ', toolCalls: [{ name: 'kit__echo', arguments: { text: 'x' } }] },
      times: Infinity,
    });
    const message = await (await send({ conversationId: conversation.id, text: 'Loop' })).done;
    const sent = emulator.requests.filter((r) => r.protocol === protocol && r.stream);
    expect(sent).toHaveLength(8);
    // The last round may only answer: the tools are still described (the history names them), none may be called.
    expect(sent.slice(0, -1).every((r) => JSON.stringify(r.body).includes('"tool_choice"') === false)).toBe(
      true,
    );
    expect(sent.at(-1)?.body).toMatchObject({ tool_choice: 'none' });
    expect(new Set(message.toolCalls?.map((c) => c.round))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    const records = await call('costs.messageRecords', { messageId: message.id });
    expect(records).toHaveLength(8);
    expect(message.costMicros).toBe(records.reduce((sum, r) => sum + (r.costMicros ?? 0), 0));
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
