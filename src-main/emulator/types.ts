/**
 * The provider emulator's scripting interface: what tests, benchmarks and `npm run serve --emulator` use.
 * A local HTTP server on 127.0.0.1 that speaks OpenAI Chat Completions (and Azure's deployment URLs, and
 * Gemini's OpenAI-compatible path), Anthropic Messages, and Ollama (native NDJSON and its OpenAI-compatible /v1).
 *
 * Rules are matched in order; the first that matches a request answers it and is used up after `times` uses.
 * Without a matching rule the emulator answers with its default reply.
 */

export type EmulatorProtocol = 'openai' | 'azure' | 'gemini' | 'anthropic' | 'ollama' | 'ollama-openai';
export const EMULATOR_PROTOCOLS: readonly EmulatorProtocol[] = [
  'openai',
  'azure',
  'gemini',
  'anthropic',
  'ollama',
  'ollama-openai',
];

/**
 * Rate-limit state the emulator reports in each protocol's own headers
 * (`x-ratelimit-*` for OpenAI-style servers, `anthropic-ratelimit-*` for Anthropic).
 */
export type RateLimitState = {
  requests?: { limit: number; remaining: number; resetMs: number };
  tokens?: { limit: number; remaining: number; resetMs: number };
};

/** What a scripted answer contains; the emulator renders it in the protocol the request came in. */
export type ScriptedReply = {
  /**
   * Answer text; streamed in chunks of `chunkSize` characters unless `chunks` is given. A reply that names
   * no content at all (no text, chunks, thinking, tool calls or refusal) gets the default reply's content,
   * so `{ firstByteDelayMs: 5000 }` alone is "the usual answer, slowly".
   */
  text?: string;
  chunks?: string[];
  /** Characters per streamed chunk for `text`, `thinking` and tool arguments (default 8). */
  chunkSize?: number;
  /**
   * Reasoning: Anthropic thinking blocks (with a signature), Ollama's `message.thinking`, and on
   * OpenAI-compatible protocols the `reasoningField` delta. A string is chunked by `chunkSize`; an array
   * gives the chunks as they are.
   */
  thinking?: string | string[];
  /** Anthropic's thinking signature; a deterministic one is made from the thinking text otherwise. */
  thinkingSignature?: string;
  /** The delta field OpenAI-compatible protocols carry reasoning in (default `reasoning_content`). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /**
   * Tool calls. `arguments` given as a string is sent exactly as it is (it may be invalid JSON on purpose);
   * anything else is sent as its JSON. `argumentChunks` gives the streamed fragments explicitly.
   */
  toolCalls?: Array<{ id?: string; name: string; arguments: unknown; argumentChunks?: string[] }>;
  /**
   * Answers with what the tools returned: the text of the tool results the request ends with (Anthropic
   * `tool_result` blocks, OpenAI and Ollama `tool` messages), joined and cut to `maxChars` (default 200), between
   * `before` and `after`; a request without tool results quotes `(no tool result)`. Lets a test prove that the
   * next round used the results it was sent. Replaces `text`.
   */
  quoteToolResult?: { before?: string; after?: string; maxChars?: number };
  /** OpenAI: `message.refusal` (streamed as refusal deltas). Anthropic: `stop_reason: refusal` with this explanation. */
  refusal?: string;
  /** Anthropic's `stop_details.category` for a refusal. */
  refusalCategory?: string;
  /**
   * Token usage, provider-neutral; each protocol renders it its own way:
   * `input` is input read neither from nor into the cache, `cacheRead`/`cacheWrite` the cached parts
   * (OpenAI's `prompt_tokens` = input + cacheRead + cacheWrite, `cached_tokens` = cacheRead; Anthropic's
   * `input_tokens` = input); `output` is all output tokens, `reasoning` the part of them spent reasoning.
   * Missing figures are estimated from the request and the reply (about four characters a token).
   */
  usage?: {
    input?: number;
    output?: number;
    cacheRead?: number;
    cacheWrite?: number;
    reasoning?: number;
  };
  /** The provider's raw finish reason (`end_turn`, `max_tokens`, `stop`, `length`, `content_filter`...). */
  finishReason?: string;
  /** The model reported in the response; defaults to the requested one. */
  model?: string;
  /** Delay before the response headers (the first byte). */
  firstByteDelayMs?: number;
  /** Streams: delay after the headers and the stream's preamble, before the first content chunk. */
  firstChunkDelayMs?: number;
  /**
   * Streams: one content chunk every `chunkDelayMs` after the first... Chunks keep to an absolute schedule
   * (chunk k is due k intervals after the first, never earlier), so a late chunk is followed by a shorter
   * gap and high rates hold on average.
   */
  chunkDelayMs?: number;
  /** ...or the same as a rate (`chunkDelayMs` = 1000 / `chunksPerSecond`). */
  chunksPerSecond?: number;
  /** Extra response headers (rate-limit headers, request ids). */
  headers?: Record<string, string>;
  /** Rate-limit headers in the protocol's own names. */
  rateLimit?: RateLimitState;
};

/**
 * Faults. Slowness is not a fault here but a reply's pace: `{ reply: { firstByteDelayMs } }` for a slow first
 * byte, `{ reply: { chunkDelayMs } }` for slow chunks (the reply's content defaults to the usual answer).
 */
export type Fault =
  /** Any HTTP error status with the provider's error body (429, 500, 502, 503, 401, 403, 404, 400, 529...). */
  | {
      kind: 'status';
      status: number;
      message?: string;
      /** The provider's error type/code (`insufficient_quota`, `context_length_exceeded`, `content_filter`...). */
      errorType?: string;
      /** Sends `x-should-retry: true|false`. */
      shouldRetry?: boolean;
      headers?: Record<string, string>;
    }
  /** 429 with retry headers: `retry-after` (seconds or an HTTP date), `retry-after-ms`, and rate-limit headers. */
  | {
      kind: 'rate-limit';
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      /** An HTTP date for `retry-after` (wins over `retryAfterSeconds`). */
      retryAfterDate?: string;
      shouldRetry?: boolean;
      /** Rate-limit headers in the protocol's names; by default the requests window reads 0 remaining. */
      rateLimit?: RateLimitState;
      message?: string;
      headers?: Record<string, string>;
    }
  /** Anthropic's 529 overloaded_error (other protocols: 503 with their own overloaded body). */
  | { kind: 'overloaded'; message?: string }
  /** The socket is reset (TCP RST) before any response header. */
  | { kind: 'reset-before-headers' }
  /** The stream starts (200) and the connection is cut after `afterChunks` content chunks. */
  | { kind: 'cut-mid-stream'; afterChunks: number }
  /**
   * An error inside a 200 stream after `afterChunks` content chunks: Anthropic's `error` event, Ollama's
   * `{"error":...}` line, an OpenAI-compatible `{"error":{...}}` chunk. A non-streaming request gets the
   * equivalent HTTP error instead (529 for Anthropic's overloaded_error, 500 otherwise).
   */
  | { kind: 'stream-error'; afterChunks: number; errorType?: string; message?: string }
  /** A body (or, in a stream, a chunk after `afterChunks`) that is not valid JSON. */
  | { kind: 'malformed-json'; afterChunks?: number }
  /** Replays recorded bytes as they are (a fixture), with this content type and status. */
  | {
      kind: 'replay';
      body: string | Uint8Array;
      contentType: string;
      status?: number;
      headers?: Record<string, string>;
    };

/** What a request asks for: an answer, the model list (Ollama's tags too), a token count, Ollama's version. */
export type EmulatorEndpoint = 'chat' | 'models' | 'count-tokens' | 'version';

export type RuleMatch = {
  protocol?: EmulatorProtocol;
  /**
   * The endpoint; `chat` unless `path` is given, so a rule meant for an answer is never spent by a health
   * check listing models. `any` matches every endpoint.
   */
  endpoint?: EmulatorEndpoint | 'any';
  /** The requested model (or Azure deployment). */
  model?: string;
  /** Matches when the last user message's text contains this text. */
  promptIncludes?: string;
  /** Matches when the raw request body contains this text. */
  bodyIncludes?: string;
  /**
   * true: the request ends with tool results (a follow-up round of a tool loop); false: it does not (a first
   * round, or a plain question).
   */
  toolResults?: boolean;
  /** Matches when the text of the tool results the request ends with contains this text. */
  toolResultIncludes?: string;
  /** Matches when the request carries an image whose decoded bytes have this SHA-256 (hex). */
  imageSha256?: string;
  /** The request path exactly (without the query). */
  path?: string;
  stream?: boolean;
};

export type Rule = {
  match?: RuleMatch;
  /** The answer (when there is no fault). Neither reply nor fault: the default reply. */
  reply?: ScriptedReply;
  fault?: Fault;
  /** Uses before the rule is spent: 1 by default; `Infinity` keeps it (over the control API: `"Infinity"`). */
  times?: number;
};

/** What became of a request: still running, answered in full, or ended early (and how). */
export type RequestOutcome =
  | 'in-progress'
  | 'completed'
  /** The client closed the connection before the response was complete (an abort). */
  | 'client-disconnected'
  /** A fault cut the connection (`cut-mid-stream`, `reset-before-headers`). */
  | 'connection-cut';

export type RecordedRequest = {
  /** Sequence number, from 1, in arrival order. */
  seq: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  protocol: EmulatorProtocol | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; secrets (authorization, x-api-key, api-key, x-goog-api-key) masked to their last four characters. */
  headers: Record<string, string>;
  /** The parsed JSON body (the raw text when it is not JSON; null without a body). */
  body: unknown;
  /** The requested model (the Azure deployment when the body names none), when there is one. */
  model?: string;
  stream: boolean;
  /** SHA-256 (hex) of each image the request carries, in order. */
  imageSha256: string[];
  /** The rule that answered, by its index among the rules in play at the time, or null for the default reply. */
  ruleIndex: number | null;
  /** The id this response carried in the provider's request-id header, when it has one. */
  requestId?: string;
  /** The HTTP status sent; absent when no header was sent. */
  status?: number;
  outcome: RequestOutcome;
  /** Times at which each content chunk was written (ms since the epoch, sub-millisecond), for latency benchmarks. */
  chunkTimes: number[];
  /** When the response ended, however it ended (ms since the epoch). */
  endedAt?: number;
};

export type EmulatorOptions = {
  port?: number;
  /** When set for a provider, requests with any other key get that provider's real 401. */
  validKeys?: Partial<Record<'openai' | 'anthropic' | 'azure' | 'gemini', string[]>>;
  /** The reply when no rule matches; by default a short Markdown answer that quotes the prompt. */
  defaultReply?: (request: { protocol: EmulatorProtocol; model: string; prompt: string }) => ScriptedReply;
};

export type EmulatorBaseURLs = {
  /** OpenAI SDK `baseURL`. */
  openai: string;
  /** Anthropic SDK `baseURL`. */
  anthropic: string;
  /** AzureOpenAI `baseURL` (`{endpoint}/openai`). */
  azure: string;
  /** AzureOpenAI `endpoint`. */
  azureEndpoint: string;
  /** OpenAI SDK `baseURL` for Gemini's OpenAI-compatible endpoint. */
  gemini: string;
  /** Ollama's native API root (`{ollama}/api/chat`). */
  ollama: string;
  /** OpenAI SDK `baseURL` for Ollama's OpenAI-compatible endpoint. */
  ollamaOpenAI: string;
};

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Base URLs to give each SDK. */
  readonly baseURLs: EmulatorBaseURLs;
  /** Adds rules after those already in play. Throws, saying what is wrong, on a malformed rule. */
  script(...rules: Rule[]): void;
  /** Forgets all rules and recorded requests. */
  reset(): void;
  readonly requests: readonly RecordedRequest[];
  /** Resolves once no request is in flight (every response has ended, however it ended). */
  idle(): Promise<void>;
  close(): Promise<void>;
}
