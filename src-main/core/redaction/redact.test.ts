import { describe, expect, it } from 'vitest';
import { createRedactor, redact, redactClipped, REDACTED } from './redact';

describe('redact', () => {
  it.each([
    ['an OpenAI project key', 'key sk-proj-Abc123def456GHI789jkl012 failed', `key ${REDACTED} failed`],
    ['an OpenRouter key', 'using sk-or-v1-0123456789abcdef0123456789abcdef', `using ${REDACTED}`],
    ['an Anthropic key', 'x sk-ant-api03-AbCdEfGhIjKlMnOp-QrStUv_wx y', `x ${REDACTED} y`],
    ['a Google key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', REDACTED],
    ['a Groq key', 'gsk_abcdefghijklmnopqrstuvwxyz012345', REDACTED],
    [
      'a key in a URL',
      'GET https://generativelanguage.googleapis.com/v1/models?key=abc123&alt=sse',
      `GET https://generativelanguage.googleapis.com/v1/models?key=${REDACTED}&alt=sse`,
    ],
    ['a bearer token', 'sent Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', `sent Bearer ${REDACTED}`],
    ['an Authorization header line', 'Authorization: Basic dXNlcjpwYXNz', `Authorization: ${REDACTED}`],
    ['an x-api-key header', 'x-api-key: local-proxy-secret-value', `x-api-key: ${REDACTED}`],
    ['an api-key header in JSON', '{"api-key":"azure-secret-0001","x":1}', `{"api-key":"${REDACTED}","x":1}`],
    ['an e-mail address', 'write to jane.doe+work@example.co.uk today', 'write to [email] today'],
    ['an international phone number', 'call +44 20 7946 0958 now', 'call [phone] now'],
    ['a North American phone number', 'call (555) 123-4567 or 555.123.4567', 'call [phone] or [phone]'],
    ['a national phone number', 'Tel 030-1234567', 'Tel [phone]'],
    ['a card number', 'card 4111 1111 1111 1111 exp', 'card [card] exp'],
    ['a card number with dashes', '5500-0000-0000-0004', '[card]'],
  ])('removes %s', (_name, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['a number that fails the Luhn check', 'order 4111 1111 1111 1112'],
    ['an epoch time in milliseconds', 'at 1700000000000 ms'],
    ['a date and a time', '2025-06-01T12:30:45.123Z'],
    ['a version and an IP address', 'v1.2.3 on 192.168.1.100'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['token counts', 'input 123456 output 7890 total 131346'],
    ['a short sk- word', 'ask-me and sk-short'],
  ])('keeps %s', (_name, input) => {
    expect(redact(input)).toBe(input);
  });

  it('removes every key the vault knows, verbatim, whatever its shape', () => {
    const local = 'my-local-proxy-key-1234';
    expect(redact(`connecting with ${local} to ${local}`, [local])).toBe(
      `connecting with ${REDACTED} to ${REDACTED}`,
    );
    expect(redact('short ollama stays', ['ollama'])).toBe('short ollama stays');
  });
});

describe('createRedactor', () => {
  const secret = 'custom-secret-value-0001';
  const redactor = createRedactor({ secrets: () => [secret] });

  it('walks objects: secret fields, header objects, nested text, buffers and cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const value = {
      headers: { Authorization: 'Bearer abc', 'x-api-key': secret, 'content-type': 'application/json' },
      nested: [{ note: `key is ${secret}, mail bob@example.com` }],
      image: new Uint8Array(10),
      cyclic,
      ok: true,
      count: 3,
    };
    expect(redactor.redactValue(value)).toEqual({
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' },
      nested: [{ note: `key is ${REDACTED}, mail [email]` }],
      image: '[10 bytes]',
      cyclic: { name: 'loop', self: '[circular]' },
      ok: true,
      count: 3,
    });
  });

  it('turns errors into plain objects with message, stack and fields redacted', () => {
    const error = Object.assign(new Error(`401 for key ${secret}`), {
      status: 401,
      headers: { 'api-key': 'whatever' },
    });
    error.cause = new Error('caused by sk-proj-Abc123def456GHI789jkl012');
    const out = redactor.redactValue({ err: error }) as { err: Record<string, unknown> };
    expect(out.err).toMatchObject({
      type: 'Error',
      message: `401 for key ${REDACTED}`,
      status: 401,
      headers: { 'api-key': REDACTED },
      cause: { message: `caused by ${REDACTED}` },
    });
    expect(String(out.err.stack)).not.toContain(secret);
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  it('hides prompts and answers unless asked to keep them (still redacted)', () => {
    const value = {
      model: 'openai:gpt-4.1',
      prompt: 'my email is a@b.io',
      messages: [{ role: 'user', content: 'hi' }],
    };
    expect(redactor.redactValue(value)).toEqual({
      model: 'openai:gpt-4.1',
      prompt: '[hidden: 18 characters]',
      messages: '[hidden]',
    });
    expect(redactor.redactValue(value, { hideContent: false })).toEqual({
      model: 'openai:gpt-4.1',
      prompt: 'my email is [email]',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });
});

describe('redaction time is linear in the text (issue 14)', () => {
  /** Texts that made a pattern scan once per position: 10 KB took 0.13 s, 100 KB 11 s. */
  const shapes: Record<string, string> = {
    'letters without @': 'a',
    'digits without @': '7',
    'dotted words': 'ab.',
    'many @ without a domain': 'a@',
    'phone-like groups': '+44 20 ',
    'card-like digits': '4111 1111 ',
    'header names': 'authorization:',
  };
  const text = (unit: string, length: number) =>
    unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  /** CPU time (ms) of the fastest of `runs` runs: CPU time, not the clock, so a busy machine does not skew it. */
  const fastest = (run: () => void, runs: number) => {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const started = process.cpuUsage();
      run();
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  };

  it.each(Object.entries(shapes))('scrubs 10 MB of %s in about ten times what 1 MB takes', (_name, unit) => {
    const small = text(unit, 1_000_000);
    const large = text(unit, 10_000_000);
    const oneMb = Math.max(
      fastest(() => redact(small), 3),
      2,
    );
    const tenMb = fastest(() => redact(large), 1);
    // Linear is 10×; the quadratic patterns were 100×. The margin absorbs a busy machine.
    expect(tenMb / oneMb).toBeLessThan(35);
  });

  it('clips before scrubbing, so any length costs the same, and never leaves part of a secret', () => {
    const secret = 'my-local-proxy-key-0123456789';
    const huge = `${'x'.repeat(1990)} ${secret} ${'y'.repeat(10_000_000)}`;
    const started = process.cpuUsage();
    const out = redactClipped(huge, 2000, [secret]);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(500);
    expect(out).not.toContain('my-local');
    expect(out).toBe(
      `${'x'.repeat(1990)} [REDACTED… [${(huge.length - 2000).toLocaleString('en-US')} more characters cut]`,
    );
    expect(out.length).toBeLessThan(2100);
  });

  it('bounds what a log line keeps: long strings, long arrays, many fields and field names', () => {
    const redactor = createRedactor();
    const value = redactor.redactValue({
      big: 'z'.repeat(1_000_000),
      list: Array.from({ length: 10_000 }, (_, i) => i),
      [`k${'e'.repeat(100_000)}y`]: 1,
      many: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, i])),
    }) as Record<string, unknown>;
    expect(JSON.stringify(value).length).toBeLessThan(40_000);
    expect(value.big).toMatch(/more characters cut\]$/);
    expect((value.list as unknown[]).at(-1)).toBe('[9900 more items]');
    expect(Object.keys(value.many as object)).toHaveLength(101);
  });
});
