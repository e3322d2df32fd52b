/**
 * The provider emulator's scripting interface: what tests, benchmarks and `npm run serve --emulator` use.
 * A local HTTP server on 127.0.0.1 that speaks OpenAI Chat Completions (and Azure's deployment URLs, and
 * Gemini's OpenAI-compatible path), Anthropic Messages, and Ollama (native NDJSON and its OpenAI-compatible /v1).
 *
 * Rules are matched in order; the first that matches a request answers it and is used up after `times` uses.
 * Without a matching rule the emulator answers with its default reply.
 */

export type EmulatorProtocol = 'openai' | 'azure' | 'gemini' | 'anthropic' | 'ollama' | 'ollama-openai';

/** What a scripted answer contains; the emulator renders it in the protocol the request came in. */
export type ScriptedReply = {
  /** Answer text; streamed in chunks of `chunkSize` characters unless `chunks` is given. */
  text?: string;
  chunks?: string[];
  chunkSize?: number;
  /** Anthropic thinking blocks (with a signature); OpenAI-compatible `reasoning_content`. */
  thinking?: string;
  toolCalls?: Array<{ id?: string; name: string; arguments: unknown }>;
  refusal?: string;
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
  /** Pace: a fixed delay before the first byte and between chunks, or a rate in tokens (chunks) per second. */
  firstByteDelayMs?: number;
  chunkDelayMs?: number;
  chunksPerSecond?: number;
  /** Extra response headers (rate-limit headers, request ids). */
  headers?: Record<string, string>;
};

export type Fault =
  /** Any HTTP error status with the provider's error body (429, 500, 502, 503, 401, 403, 404, 400, 529...). */
  | { kind: 'status'; status: number; message?: string; errorType?: string; headers?: Record<string, string> }
  /** 429 with retry headers: `retry-after` (seconds or an HTTP date), `retry-after-ms`, and rate-limit headers. */
  | {
      kind: 'rate-limit';
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      retryAfterDate?: string;
      headers?: Record<string, string>;
    }
  /** Anthropic's 529 overloaded_error (other protocols: 503). */
  | { kind: 'overloaded' }
  /** The socket is destroyed before any response header. */
  | { kind: 'reset-before-headers' }
  /** The stream starts (200) and the connection is cut after `afterChunks` content chunks. */
  | { kind: 'cut-mid-stream'; afterChunks: number }
  /** An error inside a 200 stream: Anthropic's `error` event, Ollama's error line, an OpenAI-compatible error chunk. */
  | { kind: 'stream-error'; afterChunks: number; errorType?: string; message?: string }
  /** A body (or a chunk after `afterChunks`) that is not valid JSON. */
  | { kind: 'malformed-json'; afterChunks?: number }
  /** Replays recorded bytes as they are (a fixture), with this content type and status. */
  | { kind: 'replay'; body: string | Uint8Array; contentType: string; status?: number; headers?: Record<string, string> };

export type RuleMatch = {
  protocol?: EmulatorProtocol;
  /** The requested model (or Azure deployment). */
  model?: string;
  /** Matches when the last user message contains this text. */
  promptIncludes?: string;
  path?: string;
  stream?: boolean;
};

export type Rule = {
  match?: RuleMatch;
  reply?: ScriptedReply;
  fault?: Fault;
  /** Uses before the rule is spent: 1 by default; `Infinity` keeps it. */
  times?: number;
};

export type RecordedRequest = {
  at: number;
  protocol: EmulatorProtocol | 'control' | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; secret values (authorization, x-api-key, api-key) masked to their last four characters. */
  headers: Record<string, string>;
  body: unknown;
  /** The rule that answered, by index at the time, or null for the default reply. */
  ruleIndex: number | null;
  /** Times at which each content chunk was written (ms since the epoch), for latency benchmarks. */
  chunkTimes?: number[];
};

export type EmulatorOptions = {
  port?: number;
  /** When set, requests with any other key get the provider's 401. */
  validKeys?: Partial<Record<'openai' | 'anthropic' | 'azure' | 'gemini', string[]>>;
  /** The reply when no rule matches; by default a short Markdown answer that quotes the prompt. */
  defaultReply?: (request: { protocol: EmulatorProtocol; model: string; prompt: string }) => ScriptedReply;
};

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Base URLs to give each SDK. */
  readonly baseURLs: {
    openai: string;
    anthropic: string;
    azure: string;
    gemini: string;
    ollama: string;
    ollamaOpenAI: string;
  };
  script(...rules: Rule[]): void;
  reset(): void;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}
