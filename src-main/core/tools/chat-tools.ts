/**
 * Tools in chat: runs an answer's tool loop (tool-loop.ts) over the chat service's model rounds, shows every call
 * in the conversation as it happens (a `tool` stream event, saved with the answer on every change), waits for the
 * user's approvals, remembers "always", calls the MCP servers, and gives the chat service back one outcome for
 * the whole answer: the last round's, its usage the sum of all rounds (each round is its own ledger row).
 */
import { addUsage } from '@contract/money';
import type { ChatStreamEvent } from '@contract/bridge';
import type { ToolCallRecord } from '@contract/tools';
import type { Usage } from '@contract/usage';
import type { CallFailure, CallOutcome, CallSuccess } from '../policies/call-records';
import type { ChatRequest } from '../providers/types';
import { ApprovalBroker } from './approvals';
import type { McpManager } from './mcp-manager';
import { DEFAULT_MAX_ROUNDS, runToolLoop, type OfferedTool } from './tool-loop';

/** What the chat service lends the loop: its rounds (streamed, recorded) and the text of each. */
export type RoundRunner = {
  stream(round: number, request: Omit<ChatRequest, 'model'>): Promise<CallOutcome | undefined>;
  readonly texts: readonly string[];
};

export type ChatToolsDeps = {
  manager: Pick<McpManager, 'call'>;
  /** Saves "always allow" for a tool of a server. */
  allowAlways: (serverId: string, tool: string) => void;
  saveTools: (answerId: string, tools: { calls: ToolCallRecord[]; roundTexts: string[] }) => void;
  maxRounds?: () => number;
};

export type ToolAnswer = {
  rounds: RoundRunner;
  request: Omit<ChatRequest, 'model'>;
  offered: OfferedTool[];
  streamId: string;
  answerId: string;
  signal: AbortSignal;
  push: (event: ChatStreamEvent) => void;
};

export class ChatTools {
  readonly approvals = new ApprovalBroker();

  constructor(private readonly deps: ChatToolsDeps) {}

  async answer(job: ToolAnswer): Promise<CallOutcome | undefined> {
    const outcomes: CallOutcome[] = [];
    const calls: ToolCallRecord[] = [];
    const save = () => this.deps.saveTools(job.answerId, { calls, roundTexts: [...job.rounds.texts] });
    const result = await runToolLoop<CallOutcome | undefined>({
      streamId: job.streamId,
      offered: job.offered,
      messages: job.request.messages,
      maxRounds: this.deps.maxRounds?.() ?? DEFAULT_MAX_ROUNDS,
      signal: job.signal,
      runRound: async (round, request) => {
        const outcome = await job.rounds.stream(round, {
          ...job.request,
          messages: request.messages,
          tools: request.tools,
          ...(request.toolChoice ? { toolChoice: request.toolChoice } : {}),
        });
        if (outcome) outcomes.push(outcome);
        if (round > 1) save();
        return outcome?.ok ? { ok: true, response: outcome.response } : { ok: false, failure: outcome };
      },
      onCall: (record) => {
        const at = calls.findIndex((c) => c.id === record.id && c.round === record.round);
        if (at === -1) calls.push(record);
        else calls[at] = record;
        job.push({ type: 'tool', call: record });
        save();
      },
      approve: (record) => this.approvals.ask(job.streamId, record.id, job.signal),
      rememberAlways: (serverId, tool) => this.deps.allowAlways(serverId, tool),
      callTool: (serverId, tool, args, options) => this.deps.manager.call(serverId, tool, args, options),
    });
    save();
    const last = outcomes.at(-1);
    if (!last) return undefined;
    const usage = outcomes.reduce<Usage | null>((sum, o) => {
      const u = o.ok ? o.response.usage : o.partial?.usage;
      if (!u) return sum;
      return sum ? addUsage(sum, u) : u;
    }, null);
    if (result.ok && last.ok) {
      const success: CallSuccess = { ...last, response: { ...last.response, ...(usage ? { usage } : {}) } };
      return success;
    }
    if (!last.ok) return usage && last.partial ? { ...last, partial: { ...last.partial, usage } } : last;
    // Stopped between rounds (waiting for the user, or a tool running): what arrived is kept.
    const stopped: CallFailure = {
      ok: false,
      requestId: last.requestId,
      steps: last.steps,
      attempts: last.attempts,
      aborted: true,
      error: { kind: 'aborted', message: 'Stopped while a tool was waiting or running.', retryable: false },
      partial: { ...last.response, ...(usage ? { usage } : {}) },
      served: last.served,
    };
    return stopped;
  }
}
