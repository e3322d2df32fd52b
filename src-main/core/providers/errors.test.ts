/**
 * The error hierarchy's pure parts: retry hints, key scrubbing, classification of bodies the emulator does not
 * produce (Google's RetryInfo, proxies' odd shapes), and the serializable face.
 */
import { describe, expect, it } from 'vitest';
import { ErrorInfoSchema } from '@contract/usage';
import { ProviderError, classifyProviderError, retryAfterFromHeaders, scrubSecrets } from './errors';

const ctx = {
  providerLabel: 'OpenAI',
  provider: 'openai',
  model: 'gpt-4.1',
  secrets: ['sk-configured-secret-0042'],
};

describe('retry hints', () => {
  it('prefers retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250.5', 'retry-after': '9' }), now)).toBe(
      250.5,
    );
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:12 GMT' }), now)).toBe(
      12_000,
    );
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(
      0,
    );
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
  });

  it('reads Google’s RetryInfo from the body when no header says', () => {
    const body = [
      {
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          message: 'You exceeded your current quota, please check your plan.',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' }],
        },
      },
    ];
    const error = classifyProviderError({ ...ctx, providerLabel: 'Google Gemini' }, { status: 429, body });
    expect(error).toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 34_400,
      providerCode: 'RESOURCE_EXHAUSTED',
    });
  });

  it('honours x-should-retry either way', () => {
    const never = classifyProviderError(ctx, {
      status: 500,
      headers: new Headers({ 'x-should-retry': 'false' }),
    });
    expect(never.retryable).toBe(false);
    const always = classifyProviderError(ctx, {
      status: 400,
      headers: new Headers({ 'x-should-retry': 'true' }),
    });
    expect(always.retryable).toBe(true);
  });
});

describe('secrets', () => {
  it('removes configured keys and key-shaped text, wherever they appear', () => {
    const text =
      'Incorrect API key provided: sk-proj-abc***xyz9. Also sk-configured-secret-0042, ' +
      'Bearer eyJhbGciOiJIUzI1NiJ9.payload, sk-ant-api03-AAAABBBBCCCC, gsk_groqgroq1234, AIzaSyAbc123456789';
    const clean = scrubSecrets(text, ctx.secrets);
    for (const leak of ['abc***xyz9', 'configured-secret', 'eyJhbGci', 'AAAABBBB', 'groqgroq', 'SyAbc123']) {
      expect(clean).not.toContain(leak);
    }
    expect(clean).toContain('Incorrect API key provided: [redacted]');
  });

  it('keeps secrets out of messages and codes of classified errors', () => {
    const error = classifyProviderError(ctx, {
      status: 401,
      body: { error: { message: 'Key sk-configured-secret-0042 is wrong', code: 'invalid_api_key' } },
    });
    expect(JSON.stringify(error.toInfo())).not.toContain('sk-configured-secret-0042');
    expect(error.kind).toBe('authentication');
  });
});

describe('classification', () => {
  it('reads Anthropic’s overloaded_error wherever it comes, and context-length bodies under any status', () => {
    const overloaded = classifyProviderError(
      { ...ctx, providerLabel: 'Anthropic' },
      { body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, inStream: true },
    );
    expect(overloaded).toMatchObject({
      kind: 'overloaded',
      retryable: true,
      providerCode: 'overloaded_error',
    });
    const tooLong = classifyProviderError(ctx, {
      status: 400,
      body: {
        error: { message: 'Please reduce the length of the messages.', code: 'context_length_exceeded' },
      },
    });
    expect(tooLong).toMatchObject({ kind: 'context_length', retryable: false });
  });

  it('takes the request id from the body when no header carries one (Anthropic’s request_id)', () => {
    const error = classifyProviderError(
      { ...ctx, providerLabel: 'Anthropic' },
      {
        status: 404,
        body: {
          type: 'error',
          error: { type: 'not_found_error', message: 'model: x' },
          request_id: 'req_011CVEA3',
        },
      },
    );
    expect(error).toMatchObject({
      kind: 'not_found',
      requestId: 'req_011CVEA3',
      providerCode: 'not_found_error',
    });
  });

  it('serializes to a valid ErrorInfo and back', () => {
    const error = classifyProviderError(ctx, {
      status: 429,
      headers: new Headers({ 'retry-after': '3', 'x-request-id': 'req_1' }),
      body: { error: { message: 'Slow down', code: 'rate_limit_exceeded' } },
    });
    const info = error.toInfo();
    expect(ErrorInfoSchema.parse(info)).toEqual(info);
    expect(info).toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000, requestId: 'req_1', status: 429 });
    expect(info.message).toMatch(/^OpenAI is rate limiting this key \(HTTP 429\): Slow down\. Wait a moment/);
    const back = ProviderError.fromInfo(info);
    expect(back).toBeInstanceOf(ProviderError);
    expect(back.toInfo()).toEqual(info);
  });
});
