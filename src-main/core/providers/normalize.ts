/**
 * The normalized response and how a stream builds it. Every adapter feeds a `ResponseBuilder` with what the
 * provider sent (text, thinking, tool calls, usage, finish reason); the builder emits the StreamEvents in the
 * order they arrived and builds the same ChatResponse whether the answer came streamed or in one body.
 */
import { emptyUsage, type FinishReason, type Usage } from '@contract/usage';
import type { ChatResponse, OutputPart, StreamEvent, ThinkingPart, ToolCallPart } from './types';

// ---------------------------------------------------------------------------------------------------------
// Finish reasons

const FINISH_REASONS: Record<string, FinishReason> = {
  // OpenAI Chat Completions and the OpenAI-compatible servers
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  // Anthropic Messages
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'refusal',
  // Gemini's own values, which some OpenAI-compatible gateways pass through
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  MALFORMED_FUNCTION_CALL: 'error',
  // Ollama's native done_reason when a model is only loaded or unloaded
  load: 'stop',
  unload: 'stop',
};

/** Maps a provider's finish reason; an unknown value counts as a normal stop (the raw value is kept beside it). */
export function mapFinishReason(raw: string | null | undefined): FinishReason {
  if (!raw) return 'stop';
  return FINISH_REASONS[raw] ?? FINISH_REASONS[raw.toLowerCase()] ?? 'stop';
}

// ---------------------------------------------------------------------------------------------------------
// Tool arguments

/** Parses tool-call arguments: `{}` for an empty string, undefined for JSON that does not parse. */
export function parseToolArguments(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The builder

type OpenToolCall = { index: number; id: string; name: string; raw: string; part: ToolCallPart };

export type BuilderIdentity = { provider: string; model: string; requestId?: string };

export class ResponseBuilder {
  private readonly parts: OutputPart[] = [];
  private readonly toolCalls = new Map<string, OpenToolCall>();
  private nextToolIndex = 0;
  private usage: Usage | undefined;
  private rawFinish: string | null = null;
  private finishOverride: FinishReason | undefined;
  private id: string | undefined;
  private model: string;
  private requestId: string | undefined;

  constructor(
    private readonly identity: BuilderIdentity,
    private readonly onContent: () => void = () => {},
  ) {
    this.model = identity.model;
    this.requestId = identity.requestId;
  }

  get hasUsage(): boolean {
    return this.usage !== undefined;
  }

  get finishRaw(): string | null {
    return this.rawFinish;
  }

  setMeta(meta: { id?: string | null; model?: string | null; requestId?: string }): void {
    if (meta.id) this.id = meta.id;
    if (meta.model) this.model = meta.model;
    if (meta.requestId) this.requestId = meta.requestId;
  }

  text(delta: string): StreamEvent[] {
    if (delta === '') return [];
    this.onContent();
    const last = this.parts.at(-1);
    if (last?.type === 'text') last.text += delta;
    else this.parts.push({ type: 'text', text: delta });
    return [{ type: 'text-delta', text: delta }];
  }

  /** Starts a new thinking part even when the previous part is thinking too (Anthropic blocks are separate). */
  thinkingBlock(): void {
    this.parts.push({ type: 'thinking', text: '' });
  }

  thinking(delta: string): StreamEvent[] {
    if (delta === '') return [];
    this.onContent();
    this.currentThinking().text += delta;
    return [{ type: 'thinking-delta', text: delta }];
  }

  signature(signature: string): StreamEvent[] {
    if (signature === '') return [];
    const part = this.currentThinking();
    part.signature = (part.signature ?? '') + signature;
    return [{ type: 'thinking-signature', signature }];
  }

  /**
   * A tool call starts. `key` is the provider's own handle (an index or block index); events carry our index:
   * 0, 1, 2... in order of appearance, whatever the provider numbered them.
   */
  toolStart(key: string | number, id: string, name: string): StreamEvent[] {
    this.onContent();
    const index = this.nextToolIndex++;
    const part: ToolCallPart = { type: 'tool-call', id, name, arguments: undefined, rawArguments: '' };
    this.parts.push(part);
    this.toolCalls.set(String(key), { index, id, name, raw: '', part });
    return [{ type: 'tool-call-start', index, id, name }];
  }

  hasTool(key: string | number): boolean {
    return this.toolCalls.has(String(key));
  }

  toolDelta(key: string | number, argumentsDelta: string): StreamEvent[] {
    const call = this.toolCalls.get(String(key));
    if (!call || argumentsDelta === '') return [];
    call.raw += argumentsDelta;
    call.part.rawArguments = call.raw;
    return [{ type: 'tool-call-delta', index: call.index, argumentsDelta }];
  }

  /** Ends one tool call (or, without a key, every open one) and parses its arguments. */
  toolEnd(key?: string | number): StreamEvent[] {
    const keys = key === undefined ? [...this.toolCalls.keys()] : [String(key)];
    const events: StreamEvent[] = [];
    for (const k of keys) {
      const call = this.toolCalls.get(k);
      if (!call) continue;
      this.toolCalls.delete(k);
      call.part.arguments = parseToolArguments(call.raw);
      events.push({ type: 'tool-call-end', index: call.index, call: { ...call.part } });
    }
    return events;
  }

  /** Adds a whole tool call (non-streamed answers). */
  toolCall(id: string, name: string, rawArguments: string, parsed?: unknown): void {
    this.parts.push({
      type: 'tool-call',
      id,
      name,
      rawArguments,
      arguments: parsed === undefined ? parseToolArguments(rawArguments) : parsed,
    });
  }

  /** Cumulative usage so far; each call replaces the previous numbers. */
  setUsage(usage: Usage): StreamEvent[] {
    this.usage = usage;
    return [{ type: 'usage', usage }];
  }

  finish(raw: string | null | undefined, override?: FinishReason): void {
    if (raw !== undefined && raw !== null) this.rawFinish = raw;
    if (override) this.finishOverride = override;
  }

  /** The normalized response; `partial` for what arrived before a stream broke. */
  build(timing: ChatResponse['timing'], mode: 'final' | 'partial'): ChatResponse {
    const content = this.parts.map((part) => ({ ...part }));
    const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    let usage: Usage;
    if (mode === 'partial') usage = { ...(this.usage ?? emptyUsage()), source: 'partial' };
    else usage = this.usage ?? emptyUsage('estimated');
    const response: ChatResponse = {
      provider: this.identity.provider,
      model: this.model,
      text,
      content,
      finishReason: mode === 'partial' ? 'error' : (this.finishOverride ?? mapFinishReason(this.rawFinish)),
      rawFinishReason: this.rawFinish,
      usage,
      timing,
    };
    if (this.id) response.id = this.id;
    if (this.requestId) response.requestId = this.requestId;
    return response;
  }

  private currentThinking(): ThinkingPart {
    const last = this.parts.at(-1);
    if (last?.type === 'thinking') return last;
    const part: ThinkingPart = { type: 'thinking', text: '' };
    this.parts.push(part);
    return part;
  }
}
