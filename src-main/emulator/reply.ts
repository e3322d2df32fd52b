/**
 * Turns a scripted reply (or the default one) into a protocol-neutral plan: the chunks to stream, the tool
 * calls, the usage figures and the pace. Each protocol module renders the same plan in its own wire format.
 */
import { createHash, randomBytes } from 'node:crypto';
import { now } from './clock';
import { estimateTokens, lastToolResults } from './inbound';
import type { EmulatorProtocol, RateLimitState, ScriptedReply } from './types';

/** A chat request as the reply planner sees it. */
export type ChatCall = {
  protocol: EmulatorProtocol;
  /** The requested model (the Azure deployment when the body names none). */
  model: string;
  prompt: string;
  stream: boolean;
  inputTokens: number;
  body: Record<string, unknown>;
};

export type Usage = {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
};
export type ToolCallPlan = { id: string; name: string; arguments: string; chunks: string[]; input: unknown };

export type ReplyPlan = {
  model: string;
  /** Unix seconds. */
  created: number;
  thinking?: { text: string; chunks: string[]; signature: string };
  /** Absent when the reply has no text at all (only tool calls, a refusal or thinking). */
  text?: { text: string; chunks: string[] };
  toolCalls: ToolCallPlan[];
  refusal?: { text: string; chunks: string[]; category?: string };
  usage: Usage;
  /** The raw finish reason; absent means the protocol's own default for this content. */
  finishReason?: string;
  reasoningField: 'reasoning_content' | 'reasoning';
  pace: Pace;
  headers: Record<string, string>;
  rateLimit?: RateLimitState;
};

export type Pace = { firstByteDelayMs: number; firstChunkDelayMs: number; intervalMs: number };

const DEFAULT_CHUNK_SIZE = 8;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random id in the providers' style: `chatcmpl-...`, `msg_...`, `toolu_...`. */
export function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += BASE62[byte % 62];
  return `${prefix}${id}`;
}

/** Splits text into chunks of `size` characters, never inside a surrogate pair. */
function chunkText(text: string, size: number): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}

/** The answer when no rule matches: short Markdown that quotes the prompt, the same for the same request. */
export function defaultReply(request: {
  protocol: EmulatorProtocol;
  model: string;
  prompt: string;
}): ScriptedReply {
  const prompt = request.prompt.trim();
  const excerpt = prompt.length > 200 ? `${prompt.slice(0, 200)}…` : prompt;
  const quoted = excerpt ? excerpt.split('\n').map((line) => `> ${line}`.trimEnd()) : ['> (no prompt)'];
  return {
    text: [
      `**Emulated reply** from \`${request.model || 'unknown-model'}\` (${request.protocol}).`,
      '',
      'You wrote:',
      '',
      ...quoted,
      '',
      '- This answer comes from the provider emulator.',
      '- Its usage figures are estimated from the request.',
    ].join('\n'),
  };
}

function hasContent(reply: ScriptedReply): boolean {
  return (
    reply.text !== undefined ||
    reply.quoteToolResult !== undefined ||
    reply.chunks !== undefined ||
    reply.thinking !== undefined ||
    reply.refusal !== undefined ||
    (reply.toolCalls?.length ?? 0) > 0
  );
}

function signatureFor(thinking: string): string {
  return createHash('sha256').update(`emulator-thinking:${thinking}`).digest('base64');
}

function parseOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/** The reply text that quotes the request's last tool results (see ScriptedReply.quoteToolResult). */
function quoteToolResult(
  quote: NonNullable<ScriptedReply['quoteToolResult']>,
  body: Record<string, unknown>,
): string {
  const results = lastToolResults(body);
  const max = quote.maxChars ?? 200;
  const excerpt =
    results === null ? '(no tool result)' : results.length > max ? `${results.slice(0, max)}…` : results;
  return `${quote.before ?? ''}${excerpt}${quote.after ?? ''}`;
}

export function planReply(
  scripted: ScriptedReply | undefined,
  call: ChatCall,
  fallback: (request: { protocol: EmulatorProtocol; model: string; prompt: string }) => ScriptedReply,
): ReplyPlan {
  const given = scripted ?? {};
  const content = hasContent(given)
    ? given
    : { ...fallback({ protocol: call.protocol, model: call.model, prompt: call.prompt }), ...given };
  const size = content.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const quoted = content.quoteToolResult && quoteToolResult(content.quoteToolResult, call.body);

  const textChunks =
    content.chunks ??
    (quoted !== undefined
      ? chunkText(quoted, size)
      : content.text === undefined
        ? undefined
        : chunkText(content.text, size));
  const text = textChunks && { text: textChunks.join(''), chunks: textChunks };

  const thinkingChunks =
    content.thinking === undefined
      ? undefined
      : Array.isArray(content.thinking)
        ? content.thinking
        : chunkText(content.thinking, size);
  const thinkingText = thinkingChunks?.join('');
  const thinking = thinkingChunks &&
    thinkingText !== undefined && {
      text: thinkingText,
      chunks: thinkingChunks,
      signature: content.thinkingSignature ?? signatureFor(thinkingText),
    };

  const toolCalls = (content.toolCalls ?? []).map((tool): ToolCallPlan => {
    const args = typeof tool.arguments === 'string' ? tool.arguments : JSON.stringify(tool.arguments ?? {});
    return {
      id: tool.id ?? randomId(call.protocol === 'anthropic' ? 'toolu_' : 'call_'),
      name: tool.name,
      arguments: args,
      chunks: tool.argumentChunks ?? chunkText(args, size),
      input: parseOrUndefined(args),
    };
  });

  const refusal = content.refusal !== undefined && {
    text: content.refusal,
    chunks: chunkText(content.refusal, size),
    ...(content.refusalCategory ? { category: content.refusalCategory } : {}),
  };

  const reasoning = content.usage?.reasoning ?? estimateTokens(thinking ? thinking.text : '');
  const visibleOutput = estimateTokens(
    (text?.text ?? '') + (refusal ? refusal.text : '') + toolCalls.map((c) => c.name + c.arguments).join(''),
  );
  const usage: Usage = {
    input: content.usage?.input ?? call.inputTokens,
    output: content.usage?.output ?? visibleOutput + reasoning,
    cacheRead: content.usage?.cacheRead ?? 0,
    cacheWrite: content.usage?.cacheWrite ?? 0,
    reasoning,
  };

  const intervalMs = content.chunkDelayMs ?? (content.chunksPerSecond ? 1000 / content.chunksPerSecond : 0);
  return {
    model: content.model ?? call.model,
    created: Math.floor(now() / 1000),
    ...(thinking ? { thinking } : {}),
    ...(text ? { text } : {}),
    toolCalls,
    ...(refusal ? { refusal } : {}),
    usage,
    ...(content.finishReason !== undefined ? { finishReason: content.finishReason } : {}),
    reasoningField: content.reasoningField ?? 'reasoning_content',
    pace: {
      firstByteDelayMs: content.firstByteDelayMs ?? 0,
      firstChunkDelayMs: content.firstChunkDelayMs ?? 0,
      intervalMs,
    },
    headers: content.headers ?? {},
    ...(content.rateLimit ? { rateLimit: content.rateLimit } : {}),
  };
}
