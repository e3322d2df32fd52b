/** Each provider's own response headers: request ids and rate-limit state. */
import { randomUUID } from 'node:crypto';
import { now } from './clock';
import { randomId } from './reply';
import type { EmulatorProtocol, RateLimitState } from './types';

/** The request-id header and a fresh id in the provider's style, or null for providers that send none. */
export function requestIdHeader(protocol: EmulatorProtocol): { name: string; value: string } | null {
  switch (protocol) {
    case 'openai':
    case 'ollama-openai':
      return { name: 'x-request-id', value: `req_${randomUUID().replaceAll('-', '')}` };
    case 'azure':
      return { name: 'apim-request-id', value: randomUUID() };
    case 'anthropic':
      return { name: 'request-id', value: randomId('req_011C') };
    case 'gemini':
    case 'ollama':
      return null;
  }
}

/** The state reported on ordinary responses when a reply names none. */
export function defaultRateLimit(inputTokens: number): RateLimitState {
  return {
    requests: { limit: 10_000, remaining: 9_999, resetMs: 6 },
    tokens: { limit: 2_000_000, remaining: Math.max(0, 2_000_000 - inputTokens), resetMs: 1 },
  };
}

/** OpenAI's reset durations: `6ms`, `1.5s`, `6m0s`, `1h2m3s`. */
function openAIDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Number((totalSeconds % 60).toFixed(3));
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** The rate-limit headers of a protocol for `state` (Gemini and Ollama send none). */
export function rateLimitHeaders(protocol: EmulatorProtocol, state: RateLimitState): Record<string, string> {
  const headers: Record<string, string> = {};
  if (protocol === 'anthropic') {
    const resetAt = (ms: number) => new Date(now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const put = (family: string, window: { limit: number; remaining: number; resetMs: number }) => {
      headers[`anthropic-ratelimit-${family}-limit`] = String(window.limit);
      headers[`anthropic-ratelimit-${family}-remaining`] = String(window.remaining);
      headers[`anthropic-ratelimit-${family}-reset`] = resetAt(window.resetMs);
    };
    if (state.requests) put('requests', state.requests);
    if (state.tokens)
      for (const family of ['tokens', 'input-tokens', 'output-tokens']) put(family, state.tokens);
    return headers;
  }
  if (protocol === 'openai' || protocol === 'azure') {
    for (const [kind, window] of [
      ['requests', state.requests],
      ['tokens', state.tokens],
    ] as const) {
      if (!window) continue;
      headers[`x-ratelimit-limit-${kind}`] = String(window.limit);
      headers[`x-ratelimit-remaining-${kind}`] = String(window.remaining);
      headers[`x-ratelimit-reset-${kind}`] = openAIDuration(window.resetMs);
    }
  }
  return headers;
}
