/**
 * The loop between model rounds, with a scripted model (the chat service's round runner is the seam: it is the
 * emulator over HTTP in the chat tests) and real tool calls to our broken server through the MCP manager.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerSettings, ToolApproval, ToolCallRecord } from '@contract/tools';
import { emptyUsage } from '@contract/usage';
import type { ChatMessage, ChatResponse, OutputPart, ToolChoice, ToolDefinition } from '../providers/types';
import { McpManager } from './mcp-manager';
import { BROKEN_SERVER, memoryToolCache, nodeServer } from './testing/servers';
import { runToolLoop, toolDefinitions, type OfferedTool, type ToolLoopInput } from './tool-loop';

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
});

function response(content: OutputPart[]): ChatResponse {
  const text = content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const calls = content.some((p) => p.type === 'tool-call');
  return {
    provider: 'test',
    model: 'scripted',
    text,
    content,
    finishReason: calls ? 'tool_calls' : 'stop',
    rawFinishReason: calls ? 'tool_use' : 'end_turn',
    usage: emptyUsage(),
    timing: { totalMs: 1 },
  };
}

const call = (id: string, name: string, args: unknown): OutputPart => ({
  type: 'tool-call',
  id,
  name,
  arguments: args,
  rawArguments: JSON.stringify(args),
});

type Round = { messages: ChatMessage[]; tools: ToolDefinition[]; toolChoice?: ToolChoice };

async function setup(server: McpServerSettings) {
  const manager = new McpManager({
    servers: () => [server],
    secrets: () => ({ env: {}, headers: {}, missing: [], locked: [] }),
    redact: (t) => t,
    cache: memoryToolCache(),
    onStatus: () => {},
  });
  managers.push(manager);
  const tools = await manager.tools(server.id, { refresh: true });
  const offered: OfferedTool[] = tools.map((tool) => ({ server, tool }));
  return { manager, offered, names: toolDefinitions(offered).definitions.map((d) => d.name) };
}

function loop(
  manager: McpManager,
  offered: OfferedTool[],
  script: (round: number, request: Round) => OutputPart[],
  options: Partial<ToolLoopInput<string>> & { decisions?: ToolApproval[] } = {},
) {
  const rounds: Round[] = [];
  const events: ToolCallRecord[] = [];
  const remembered: string[] = [];
  const decisions = [...(options.decisions ?? [])];
  const abort = new AbortController();
  const result = runToolLoop<string>({
    streamId: 's1',
    offered,
    messages: [{ role: 'user', content: 'Go' }],
    maxRounds: 4,
    signal: abort.signal,
    runRound: async (round, request) => {
      rounds.push({ ...request, messages: [...request.messages] });
      return { ok: true, response: response(script(round, request)) };
    },
    onCall: (record) => events.push(record),
    approve: async () => decisions.shift() ?? 'once',
    rememberAlways: (server, tool) => remembered.push(`${server}/${tool}`),
    callTool: (server, tool, args, o) => manager.call(server, tool, args, o),
    ...options,
  });
  return { result, rounds, events, remembered, abort };
}

describe('the tool loop', () => {
  it('runs parallel calls the user allows, sends the results back, and the answer goes on', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER));
    const run = loop(
      manager,
      offered,
      (round) =>
        round === 1
          ? [
              { type: 'text', text: 'Checking.' },
              call('c1', 'kit__echo', { text: 'first' }),
              call('c2', 'kit__slow', { ms: 50 }),
            ]
          : [{ type: 'text', text: 'Done.' }],
      { decisions: ['once', 'always'] },
    );
    const result = await run.result;
    expect(result).toMatchObject({ ok: true, rounds: 2 });
    expect(run.rounds[0]?.tools.map((t) => t.name)).toContain('kit__echo');
    expect(run.rounds[0]?.tools.find((t) => t.name === 'kit__echo')?.description).toBe(
      'Returns its text argument. (tool of kit)',
    );
    const second = run.rounds[1]?.messages ?? [];
    expect(second.at(-2)).toMatchObject({ role: 'assistant' });
    expect(second.at(-1)).toEqual({
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', content: 'first', isError: false },
        { type: 'tool-result', toolCallId: 'c2', content: 'done after 50 ms', isError: false },
      ],
    });
    expect(run.events.filter((e) => e.id === 'c1').map((e) => e.state)).toEqual([
      'awaiting-approval',
      'running',
      'done',
    ]);
    expect(result.calls.map((c) => [c.tool, c.state, c.allowedBy])).toEqual([
      ['echo', 'done', 'once'],
      ['slow', 'done', 'always'],
    ]);
    expect(run.remembered).toEqual(['kit/slow']);
  });

  it('skips asking for a trusted server and for a tool always allowed', async () => {
    const trusted = await setup(nodeServer('kit', BROKEN_SERVER, [], { trusted: true }));
    let asked = 0;
    const run = loop(
      trusted.manager,
      trusted.offered,
      (round) => (round === 1 ? [call('c1', 'kit__echo', { text: 'x' })] : [{ type: 'text', text: 'ok' }]),
      { approve: async () => (asked++, 'deny') },
    );
    expect((await run.result).calls[0]).toMatchObject({ state: 'done', allowedBy: 'trusted' });
    expect(asked).toBe(0);
    const always = await setup(nodeServer('kit2', BROKEN_SERVER, [], { approvedTools: ['echo'] }));
    const run2 = loop(
      always.manager,
      always.offered,
      (round) => (round === 1 ? [call('c1', 'kit2__echo', { text: 'x' })] : [{ type: 'text', text: 'ok' }]),
      { approve: async () => (asked++, 'deny') },
    );
    expect((await run2.result).calls[0]).toMatchObject({ state: 'done', allowedBy: 'always' });
    expect(asked).toBe(0);
  });

  it('tells the model a call was denied, and never runs it', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER));
    const run = loop(
      manager,
      offered,
      (round) => (round === 1 ? [call('c1', 'kit__crash', {})] : [{ type: 'text', text: 'Fine.' }]),
      { decisions: ['deny'] },
    );
    const result = await run.result;
    expect(result.calls[0]?.state).toBe('denied');
    expect(run.rounds[1]?.messages.at(-1)).toEqual({
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c1',
          content: 'The user denied this tool call. Do not try it again; answer without it, or ask the user.',
          isError: true,
        },
      ],
    });
    expect(manager.status('kit').state).toBe('running');
    expect(manager.log('kit').some((l) => l.text.startsWith('crash:'))).toBe(false);
  });

  it('never runs a tool it did not offer, nor arguments that are not an object', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER, [], { trusted: true }));
    const run = loop(manager, offered, (round) =>
      round === 1
        ? [
            call('c1', 'rm_rf', { path: '/' }),
            {
              type: 'tool-call',
              id: 'c2',
              name: 'kit__echo',
              arguments: undefined,
              rawArguments: '{"text": ',
            },
          ]
        : [{ type: 'text', text: 'Sorry.' }],
    );
    const result = await run.result;
    expect(result.calls.map((c) => [c.state, c.error?.kind])).toEqual([
      ['error', 'not_found'],
      ['error', 'bad_response'],
    ]);
    const told = run.rounds[1]?.messages.at(-1) as { content: Array<{ content: string }> };
    expect(told.content.map((c) => c.content)).toEqual([
      'There is no tool named rm_rf. Use only the tools you were given.',
      'Your arguments were not a valid JSON object, so the tool was not run. Send them as a JSON object.',
    ]);
    expect(manager.log('kit').some((l) => l.text.startsWith('echo:'))).toBe(false);
  });

  it('a server that crashes mid-call: the model is told, the answer goes on', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER, [], { trusted: true }));
    const run = loop(manager, offered, (round) =>
      round === 1 ? [call('c1', 'kit__crash', {})] : [{ type: 'text', text: 'It crashed.' }],
    );
    const result = await run.result;
    expect(result).toMatchObject({ ok: true, rounds: 2 });
    expect(result.calls[0]).toMatchObject({ state: 'error', error: { kind: 'crashed' } });
    const told = run.rounds[1]?.messages.at(-1) as { content: Array<{ content: string; isError: boolean }> };
    expect(told.content[0]?.content).toMatch(/^The tool could not run: “kit” stopped while running crash/);
  });

  it('stops at the most rounds: the last round may not ask for tools', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER, [], { trusted: true }));
    const run = loop(manager, offered, (round) => [call(`c${round}`, 'kit__echo', { text: String(round) })], {
      maxRounds: 3,
    });
    const result = await run.result;
    expect(result).toMatchObject({ ok: true, rounds: 3 });
    expect(run.rounds.map((r) => r.toolChoice)).toEqual([undefined, undefined, 'none']);
    expect(result.calls).toHaveLength(2);
  });

  it('Stop ends a waiting approval or a running tool at once', async () => {
    const { manager, offered } = await setup(nodeServer('kit', BROKEN_SERVER, [], { trusted: true }));
    const run = loop(manager, offered, (round) =>
      round === 1 ? [call('c1', 'kit__hang', {})] : [{ type: 'text', text: 'never' }],
    );
    setTimeout(() => run.abort.abort(), 300);
    const started = Date.now();
    const result = await run.result;
    expect(result).toMatchObject({ ok: false, aborted: true, rounds: 1 });
    expect(result.calls[0]).toMatchObject({ state: 'error', error: { kind: 'aborted' } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.rounds).toHaveLength(1);
  });
});
