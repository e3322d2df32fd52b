import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, LOG_FILE } from './logger';
import { createRedactor } from '../redaction/redact';
import { makeTempDir } from '../storage/testing/fixtures';

describe('logger', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let logPrompts: boolean;
  const secret = 'vault-known-secret-0001';
  const make = (extra: { maxSize?: `${number}K`; maxFiles?: number } = {}) =>
    createLogger({
      dir: temp.dir,
      redactor: createRedactor({ secrets: () => [secret] }),
      logPrompts: () => logPrompts,
      level: 'debug',
      ...extra,
    });
  const lines = () =>
    readFileSync(join(temp.dir, LOG_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeEach(() => {
    temp = makeTempDir();
    logPrompts = false;
  });
  afterEach(() => temp.remove());

  it('writes JSON lines with level, time and message, redacting messages, data and errors', async () => {
    const log = make();
    log.info(`calling openai with ${secret}`, {
      headers: { Authorization: `Bearer ${secret}` },
      user: 'ann@example.com',
    });
    log.error('request failed', Object.assign(new Error(`401: key ${secret} rejected`), { status: 401 }));
    log.child({ area: 'chat' }).warn('slow', { ms: 1200 });
    await log.close();
    const [info, error, warn] = lines();
    expect(info).toMatchObject({
      level: 'info',
      msg: 'calling openai with [REDACTED]',
      headers: { Authorization: '[REDACTED]' },
      user: '[email]',
    });
    expect(typeof info?.time).toBe('string');
    expect(error).toMatchObject({
      level: 'error',
      msg: 'request failed',
      err: { message: '401: key [REDACTED] rejected', status: 401 },
    });
    expect(warn).toMatchObject({ level: 'warn', area: 'chat', ms: 1200 });
    expect(readFileSync(join(temp.dir, LOG_FILE), 'utf8')).not.toContain(secret);
  });

  it('leaves prompts and answers out unless prompt logging is on', async () => {
    const log = make();
    log.content('prompt', 'my private question');
    log.info('sent', { prompt: 'my private question', model: 'openai:gpt-4.1' });
    logPrompts = true;
    log.content('answer', 'the answer, call +1 555 123 4567');
    log.info('sent', { prompt: 'my private question' });
    await log.close();
    const all = lines();
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({ msg: 'sent', prompt: '[hidden: 19 characters]', model: 'openai:gpt-4.1' });
    expect(all[1]).toMatchObject({ answer: 'the answer, call [phone]' });
    expect(all[2]).toMatchObject({ prompt: 'my private question' });
  });

  it('rotates the file by size and keeps a bounded number of files', async () => {
    const log = make({ maxSize: '2K', maxFiles: 2 });
    for (let i = 0; i < 200; i++) {
      log.info(`line ${i} ${'x'.repeat(100)}`);
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const files = readdirSync(temp.dir).sort();
    expect(files).toContain(LOG_FILE);
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
  });
});
