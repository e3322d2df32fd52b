/**
 * What providers say in their response headers about retrying and about their rate limits, parsed into plain
 * numbers. OpenAI (and Groq, Azure, OpenRouter...) send `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`
 * with Go-style durations (`1s`, `6m0s`, `20ms`); Anthropic sends
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}` with RFC 3339 times.
 */
import { retryAfterFromHeaders } from '../providers/errors';

/** The server's word on retrying: how long to wait, and whether to retry at all. */
export type RetryHints = { retryAfterMs?: number; shouldRetry?: boolean };

export function retryHints(headers: Headers | undefined, now: number): RetryHints {
  const hints: RetryHints = {};
  const after = retryAfterFromHeaders(headers, now);
  if (after !== undefined) hints.retryAfterMs = after;
  const should = headers?.get('x-should-retry')?.trim().toLowerCase();
  if (should === 'true') hints.shouldRetry = true;
  if (should === 'false') hints.shouldRetry = false;
  return hints;
}

const GO_UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
  ns: 0.000_001,
};

/** Parses a Go duration (`1s`, `6m0s`, `20ms`, `1h2m3.5s`, `0s`) into milliseconds; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const pattern = /(\d+(?:\.\d+)?)(ms|us|µs|μs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(trimmed)) !== null) {
    total += Number(match[1]) * (GO_UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = pattern.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length || !Number.isFinite(total)) return undefined;
  return total;
}

/** A reset given as a duration (`6m0s`), as seconds (`12`, `0.5`), or as a date (RFC 3339): milliseconds from now. */
export function parseResetMs(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const duration = parseGoDuration(trimmed);
  if (duration !== undefined) return duration;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type LimitDimension = 'requests' | 'tokens' | 'inputTokens' | 'outputTokens';
export const LIMIT_DIMENSIONS: readonly LimitDimension[] = [
  'requests',
  'tokens',
  'inputTokens',
  'outputTokens',
];

/** One limit as the provider last reported it. `resetAt` is when it is full again (ms since the epoch). */
export type LimitWindow = { limit?: number; remaining: number; resetAt?: number };
export type RateLimitSnapshot = Partial<Record<LimitDimension, LimitWindow>>;

const OPENAI_SUFFIX: Partial<Record<LimitDimension, string>> = { requests: 'requests', tokens: 'tokens' };
const ANTHROPIC_PREFIX: Record<LimitDimension, string> = {
  requests: 'anthropic-ratelimit-requests',
  tokens: 'anthropic-ratelimit-tokens',
  inputTokens: 'anthropic-ratelimit-input-tokens',
  outputTokens: 'anthropic-ratelimit-output-tokens',
};

function count(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function window(
  limitText: string | null,
  remainingText: string | null,
  resetText: string | null,
  now: number,
) {
  const remaining = count(remainingText);
  if (remaining === undefined) return undefined;
  const result: LimitWindow = { remaining };
  const limit = count(limitText);
  if (limit !== undefined) result.limit = limit;
  const resetMs = resetText === null ? undefined : parseResetMs(resetText, now);
  if (resetMs !== undefined) result.resetAt = now + resetMs;
  return result;
}

/** Reads every rate-limit header the response carries; empty when it carries none. */
export function parseRateLimitHeaders(headers: Headers, now: number): RateLimitSnapshot {
  const snapshot: RateLimitSnapshot = {};
  for (const dimension of LIMIT_DIMENSIONS) {
    const suffix = OPENAI_SUFFIX[dimension];
    const openai = suffix
      ? window(
          headers.get(`x-ratelimit-limit-${suffix}`),
          headers.get(`x-ratelimit-remaining-${suffix}`),
          headers.get(`x-ratelimit-reset-${suffix}`),
          now,
        )
      : undefined;
    const prefix = ANTHROPIC_PREFIX[dimension];
    const anthropic = window(
      headers.get(`${prefix}-limit`),
      headers.get(`${prefix}-remaining`),
      headers.get(`${prefix}-reset`),
      now,
    );
    const found = anthropic ?? openai;
    if (found) snapshot[dimension] = found;
  }
  return snapshot;
}
