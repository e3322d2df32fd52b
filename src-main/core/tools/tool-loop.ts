/**
 * The tool loop of one answer: the model is offered the chosen tools; when a round ends asking for tools, each
 * call is shown with its arguments and, unless its server is trusted or the tool always allowed, waits for the
 * user (allow once, always, deny: the model is told it was denied); allowed calls run in parallel through the MCP
 * manager, their results (text only, bounded) go back in the provider's format, and the next round streams on.
 * At most `maxRounds` rounds: the last one may not ask for tools. Stop ends a waiting approval, a running tool
 * and the loop at once. A name the model invents, or arguments that are not JSON, never reach a server: the
 * model is told what went wrong instead.
 *
 * The chat service runs each round (streaming, ledger rows, the answer's text); this module decides what happens
 * between rounds.
 */
import type { McpServerSettings, McpTool, ToolApproval, ToolCallRecord } from '@contract/tools';
import type {
  ChatMessage,
  ChatResponse,
  ToolCallPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
} from '../providers/types';
import type { CallResult } from './mcp-manager';
import { ToolFailure } from './tool-error';
import { nameTools } from './tool-names';

/** The most characters of a call's arguments kept with the conversation for display (the server gets them all). */
export const ARGUMENTS_SHOWN = 20_000;
export const DEFAULT_MAX_ROUNDS = 8;

export type OfferedTool = { server: McpServerSettings; tool: McpTool };

/** What one round of the model gave: its response, or why there is none (the loop then ends with it). */
export type RoundOutcome<F> = { ok: true; response: ChatResponse } | { ok: false; failure: F };

export type ToolLoopInput<F> = {
  streamId: string;
  offered: readonly OfferedTool[];
  /** The conversation as the first round sends it. */
  messages: ChatMessage[];
  maxRounds: number;
  signal: AbortSignal;
  /** Runs one round: streams it to the window, records its ledger rows. */
  runRound: (
    round: number,
    request: { messages: ChatMessage[]; tools: ToolDefinition[]; toolChoice?: ToolChoice },
  ) => Promise<RoundOutcome<F>>;
  /** A call was asked for, changed state, or ended (the window shows it as it happens; it is saved). */
  onCall: (record: ToolCallRecord) => void;
  /** Waits for the user's decision on a call. */
  approve: (record: ToolCallRecord) => Promise<ToolApproval>;
  /** Remembers "always" for a tool of a server. */
  rememberAlways: (serverId: string, tool: string) => void;
  callTool: (
    serverId: string,
    tool: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal },
  ) => Promise<CallResult>;
  now?: () => number;
};

export type ToolLoopResult<F> =
  | { ok: true; response: ChatResponse; rounds: number; calls: ToolCallRecord[] }
  | { ok: false; failure: F; rounds: number; calls: ToolCallRecord[] }
  | { ok: false; aborted: true; rounds: number; calls: ToolCallRecord[] };

/** The tools as the provider sees them: provider-safe names, the server's description and argument schema. */
export function toolDefinitions(offered: readonly OfferedTool[]) {
  const named = nameTools(offered, (o) => ({ server: o.server.id, tool: o.tool.name }));
  const definitions: ToolDefinition[] = named.map(({ name, entry }) => {
    const definition: ToolDefinition = { name, parameters: entry.tool.inputSchema };
    const description = [entry.tool.title, entry.tool.description].filter(Boolean).join(': ');
    if (description) definition.description = `${description} (tool of ${entry.server.name})`;
    return definition;
  });
  return { definitions, byName: new Map(named.map((n) => [n.name, n.entry])) };
}

function argumentsText(call: ToolCallPart): { text: string; cut: boolean } {
  const raw = call.rawArguments || '{}';
  return raw.length > ARGUMENTS_SHOWN
    ? { text: raw.slice(0, ARGUMENTS_SHOWN), cut: true }
    : { text: raw, cut: false };
}

export async function runToolLoop<F>(input: ToolLoopInput<F>): Promise<ToolLoopResult<F>> {
  const now = input.now ?? Date.now;
  const { definitions, byName } = toolDefinitions(input.offered);
  const messages = [...input.messages];
  const calls: ToolCallRecord[] = [];
  for (let round = 1; ; round++) {
    const last = round >= input.maxRounds;
    const request: Parameters<typeof input.runRound>[1] = { messages, tools: definitions };
    // The last round may answer only: the model is told so by the tool choice.
    if (last && definitions.length > 0) request.toolChoice = 'none';
    const outcome = await input.runRound(round, request);
    if (input.signal.aborted) return { ok: false, aborted: true, rounds: round, calls };
    if (!outcome.ok) return { ok: false, failure: outcome.failure, rounds: round, calls };
    const asked = outcome.response.content.filter((p): p is ToolCallPart => p.type === 'tool-call');
    if (asked.length === 0 || last || definitions.length === 0) {
      return { ok: true, response: outcome.response, rounds: round, calls };
    }
    const records = asked.map((call) => {
      const entry = byName.get(call.name);
      const args = argumentsText(call);
      const record: ToolCallRecord = {
        id: call.id,
        round,
        name: call.name,
        arguments: args.text,
        state: 'awaiting-approval',
      };
      if (args.cut) record.argumentsCut = true;
      if (entry) {
        record.server = entry.server.id;
        record.serverName = entry.server.name;
        record.tool = entry.tool.name;
      }
      calls.push(record);
      return record;
    });
    const results = await Promise.all(
      asked.map((call, i) => runCall(input, call, records[i] as ToolCallRecord, byName.get(call.name), now)),
    );
    if (input.signal.aborted) return { ok: false, aborted: true, rounds: round, calls };
    messages.push(
      { role: 'assistant', content: outcome.response.content },
      { role: 'tool', content: results },
    );
  }
}

async function runCall<F>(
  input: ToolLoopInput<F>,
  call: ToolCallPart,
  record: ToolCallRecord,
  entry: OfferedTool | undefined,
  now: () => number,
): Promise<ToolResultPart> {
  const update = (patch: Partial<ToolCallRecord>) => {
    Object.assign(record, patch);
    input.onCall({ ...record });
  };
  /** Ends the call: its record keeps exactly what the model is told (replayed in later turns). */
  const end = (patch: Partial<ToolCallRecord>, content: string, isError = true): ToolResultPart => {
    update({ ...patch, result: content, isError });
    return { type: 'tool-result', toolCallId: call.id, content, isError };
  };
  if (!entry) {
    return end(
      {
        state: 'error',
        error: {
          kind: 'not_found',
          message: `The model asked for a tool named ${call.name}, which it was not offered.`,
        },
      },
      `There is no tool named ${call.name}. Use only the tools you were given.`,
    );
  }
  const args = call.arguments;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return end(
      {
        state: 'error',
        error: {
          kind: 'bad_response',
          message: 'The model sent arguments that are not a JSON object; nothing was run.',
        },
      },
      'Your arguments were not a valid JSON object, so the tool was not run. Send them as a JSON object.',
    );
  }
  const { server, tool } = entry;
  let allowedBy: ToolCallRecord['allowedBy'];
  if (server.trusted) allowedBy = 'trusted';
  else if (server.approvedTools.includes(tool.name)) allowedBy = 'always';
  else {
    update({ state: 'awaiting-approval' });
    let decision: ToolApproval;
    try {
      decision = await input.approve({ ...record });
    } catch (error) {
      const failure =
        error instanceof ToolFailure ? error.info : { kind: 'aborted' as const, message: String(error) };
      return end({ state: 'error', error: failure }, 'The call was stopped.');
    }
    if (decision === 'deny') {
      return end(
        { state: 'denied' },
        'The user denied this tool call. Do not try it again; answer without it, or ask the user.',
      );
    }
    if (decision === 'always') input.rememberAlways(server.id, tool.name);
    allowedBy = decision === 'always' ? 'always' : 'once';
  }
  const startedAt = now();
  update({ state: 'running', allowedBy, startedAt });
  try {
    const result = await input.callTool(server.id, tool.name, args as Record<string, unknown>, {
      signal: input.signal,
    });
    const patch: Partial<ToolCallRecord> = { state: 'done', durationMs: result.durationMs };
    if (result.truncated) patch.truncated = true;
    if (result.omitted.length > 0) patch.omitted = result.omitted;
    return end(patch, result.text, result.isError);
  } catch (error) {
    const failure =
      error instanceof ToolFailure ? error.info : { kind: 'bad_response' as const, message: String(error) };
    return end(
      { state: 'error', error: failure, durationMs: now() - startedAt },
      `The tool could not run: ${failure.message}`,
    );
  }
}
