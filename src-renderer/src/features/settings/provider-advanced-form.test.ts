import { describe, expect, it } from 'vitest';
import { advancedForm, advancedFromForm } from './provider-advanced-form';

const current = { headers: {}, rateLimit: {}, retry: { maxTotalWaitMs: 30_000 } };

describe('advancedFromForm', () => {
  it('reads headers one per line, and blank numbers as no limit or the default', () => {
    const result = advancedFromForm(
      {
        headers: 'X-Team: research\n\nOpenAI-Organization:  org-123 ',
        requestsPerMinute: '60',
        tokensPerMinute: '',
        maxAttempts: '',
      },
      current,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        headers: { 'X-Team': 'research', 'OpenAI-Organization': 'org-123' },
        rateLimit: { requestsPerMinute: 60 },
        retry: { maxTotalWaitMs: 30_000 },
      },
    });
  });

  it('keeps a header value with colons in it whole', () => {
    const result = advancedFromForm(
      { headers: 'X-Trace: a:b:c', requestsPerMinute: '', tokensPerMinute: '', maxAttempts: '2' },
      current,
    );
    expect(result.ok && result.value).toMatchObject({
      headers: { 'X-Trace': 'a:b:c' },
      retry: { maxAttempts: 2 },
    });
  });

  it('says which line is not a header, and which number is out of range', () => {
    const result = advancedFromForm(
      {
        headers: 'X-Ok: 1\nnot a header',
        requestsPerMinute: '0',
        tokensPerMinute: 'lots',
        maxAttempts: '11',
      },
      current,
    );
    expect(result.ok ? null : result.errors).toEqual({
      headers: 'Line 2 is not a header: write it as Name: value, for example X-Team: research.',
      requestsPerMinute: 'A whole number of requests, or blank for no limit.',
      tokensPerMinute: 'A whole number of tokens, or blank for no limit.',
      maxAttempts: 'From 1 to 10 attempts, or blank for the default (4).',
    });
  });

  it('reads back what it wrote', () => {
    const value = {
      headers: { 'X-Team': 'research' },
      rateLimit: { requestsPerMinute: 50, tokensPerMinute: 40_000 },
      retry: { maxAttempts: 3 },
    };
    expect(advancedFromForm(advancedForm(value), value)).toEqual({ ok: true, value });
  });
});
