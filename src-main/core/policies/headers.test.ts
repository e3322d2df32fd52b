import { describe, expect, it } from 'vitest';
import { parseGoDuration, parseRateLimitHeaders, parseResetMs, retryHints } from './headers';

const NOW = Date.parse('2025-11-20T12:00:00Z');

describe('retry hints', () => {
  it('reads retry-after in seconds', () => {
    expect(retryHints(new Headers({ 'retry-after': '2' }), NOW)).toEqual({ retryAfterMs: 2000 });
  });

  it('prefers retry-after-ms to retry-after', () => {
    expect(retryHints(new Headers({ 'retry-after': '20', 'retry-after-ms': '1500' }), NOW)).toEqual({
      retryAfterMs: 1500,
    });
  });

  it('reads retry-after as an HTTP date', () => {
    const date = new Date(NOW + 7000).toUTCString();
    expect(retryHints(new Headers({ 'retry-after': date }), NOW)).toEqual({ retryAfterMs: 7000 });
  });

  it('reads x-should-retry both ways and ignores anything else', () => {
    expect(retryHints(new Headers({ 'x-should-retry': 'false' }), NOW)).toEqual({ shouldRetry: false });
    expect(retryHints(new Headers({ 'x-should-retry': 'true' }), NOW)).toEqual({ shouldRetry: true });
    expect(retryHints(new Headers({ 'x-should-retry': 'maybe' }), NOW)).toEqual({});
    expect(retryHints(undefined, NOW)).toEqual({});
  });
});

describe('Go durations', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0s', 0],
    ['0', 0],
    ['59.56s', 59_560],
    ['500us', 0.5],
    ['2m59.56s', 179_560],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', 's', '1x', '1s2', 'abc', '1 s'])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('reads a reset given as a duration, seconds or a date', () => {
    expect(parseResetMs('6m0s', NOW)).toBe(360_000);
    expect(parseResetMs('12', NOW)).toBe(12_000);
    expect(parseResetMs('2025-11-20T12:00:30Z', NOW)).toBe(30_000);
    expect(parseResetMs('2025-11-20T11:00:00Z', NOW)).toBe(0);
    expect(parseResetMs('soon', NOW)).toBeUndefined();
  });
});

describe('rate-limit headers', () => {
  it("reads OpenAI's x-ratelimit headers", () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '29000',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({
      requests: { limit: 500, remaining: 499, resetAt: NOW + 120 },
      tokens: { limit: 30_000, remaining: 29_000, resetAt: NOW + 360_000 },
    });
  });

  it("reads Anthropic's anthropic-ratelimit headers with RFC 3339 resets", () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2025-11-20T12:00:01Z',
      'anthropic-ratelimit-input-tokens-limit': '40000',
      'anthropic-ratelimit-input-tokens-remaining': '39000',
      'anthropic-ratelimit-input-tokens-reset': '2025-11-20T12:00:02Z',
      'anthropic-ratelimit-output-tokens-limit': '8000',
      'anthropic-ratelimit-output-tokens-remaining': '8000',
      'anthropic-ratelimit-output-tokens-reset': '2025-11-20T12:00:00Z',
      'anthropic-ratelimit-tokens-limit': '48000',
      'anthropic-ratelimit-tokens-remaining': '47000',
      'anthropic-ratelimit-tokens-reset': '2025-11-20T12:00:02Z',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({
      requests: { limit: 50, remaining: 0, resetAt: NOW + 1000 },
      tokens: { limit: 48_000, remaining: 47_000, resetAt: NOW + 2000 },
      inputTokens: { limit: 40_000, remaining: 39_000, resetAt: NOW + 2000 },
      outputTokens: { limit: 8000, remaining: 8000, resetAt: NOW },
    });
  });

  it('keeps a window without limit or reset, and skips garbage', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-requests': '7',
      'x-ratelimit-remaining-tokens': 'lots',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({ requests: { remaining: 7 } });
    expect(parseRateLimitHeaders(new Headers(), NOW)).toEqual({});
  });
});
