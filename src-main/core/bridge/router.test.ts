import { describe, expect, it } from 'vitest';
import type { CallHandlers } from './router';
import { createBridgeRouter } from './router';
import { ServiceError } from '../errors/service-error';

const ctx = { clientId: 'c1' };

function routerWith(handlers: Partial<CallHandlers>, logged: unknown[] = []) {
  return createBridgeRouter(handlers as CallHandlers, {
    redact: (text) => text.replaceAll('sk-secret-123', '[REDACTED]'),
    onInternalError: (_name, error) => logged.push(error),
  });
}

describe('bridge router', () => {
  it('refuses a name the contract does not declare, own properties only', async () => {
    const router = routerWith({});
    for (const name of ['shell.exec', '__proto__', 'constructor', 'toString', 42, null]) {
      const result = await router.dispatch(name, {}, ctx);
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'bad_request', message: 'Unknown bridge call.' },
      });
    }
  });

  it('validates the payload against the contract and says where it is wrong', async () => {
    let called = false;
    const router = routerWith({
      'chat.stop': () => {
        called = true;
        return { ok: true };
      },
    });
    const result = await router.dispatch('chat.stop', { streamId: 7 }, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/^Invalid request to chat.stop: streamId/);
    expect(called).toBe(false);
    const extra = await router.dispatch('app.info', { anything: true }, ctx);
    expect(extra.ok).toBe(false);
  });

  it('passes the parsed input (defaults applied) and the caller to the handler', async () => {
    const seen: unknown[] = [];
    const router = routerWith({
      'conversations.list': (input, context) => {
        seen.push(input, context);
        return [];
      },
    });
    expect(await router.dispatch('conversations.list', {}, ctx)).toEqual({ ok: true, value: [] });
    expect(seen).toEqual([{ sort: 'activity' }, ctx]);
  });

  it('hands deliberate errors over as they are, with secrets redacted', async () => {
    const router = routerWith({
      'providers.test': () => {
        throw ServiceError.of('authentication', 'The key sk-secret-123 was refused.', 'Check it.');
      },
    });
    const result = await router.dispatch('providers.test', { providerId: 'openai' }, ctx);
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'authentication',
        message: 'The key [REDACTED] was refused.',
        action: 'Check it.',
        retryable: false,
        bridge: true,
      },
    });
  });

  it('turns an unexpected failure into a generic message, logging the detail instead', async () => {
    const logged: unknown[] = [];
    const router = routerWith(
      {
        'health.get': () => {
          throw new Error('ENOENT /home/user/.secret/path sk-secret-123');
        },
      },
      logged,
    );
    const result = await router.dispatch('health.get', {}, ctx);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/ENOENT|secret|path/);
    expect(logged).toHaveLength(1);
  });

  describe('input budget (issue 14)', () => {
    const handlers = { 'app.dismissNotice': () => ({ ok: true as const }) };

    it.each([
      [
        'nests too deep',
        { id: 'n', x: JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown },
        /nests deeper than 32/,
      ],
      [
        'holds too many values',
        { id: 'n', x: Array.from({ length: 60_000 }, () => 0) },
        /more than 50,000 values/,
      ],
      ['carries too much text', { id: 'n', x: 'y'.repeat(300_000) }, /longer than 200,000 characters/],
      ['has a huge field name', { id: 'n', ['k'.repeat(10_000_000)]: 1 }, /longer than 200,000 characters/],
    ])('refuses an input that %s before validating it, in a short message', async (_name, input, message) => {
      const router = routerWith(handlers);
      const result = await router.dispatch('app.dismissNotice', input, ctx);
      expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
      expect(!result.ok && result.error.message).toMatch(message);
      expect(JSON.stringify(result).length).toBeLessThan(500);
    });

    it('gives a call the room its contract names: an image of 30 MB passes the budget', async () => {
      let got = 0;
      const router = routerWith({
        'attachments.add': ({ dataBase64 }) => {
          got = dataBase64.length;
          throw new ServiceError({ kind: 'bad_request', message: 'not an image', retryable: false });
        },
      });
      const result = await router.dispatch(
        'attachments.add',
        { mediaType: 'image/png', dataBase64: 'A'.repeat(30_000_000) },
        ctx,
      );
      expect(got).toBe(30_000_000);
      expect(!result.ok && result.error.message).toBe('not an image');
    });

    it('bounds every text of an error, whatever the handler or the schema put in it', async () => {
      const router = routerWith({
        'app.dismissNotice': () => {
          throw new ServiceError({
            kind: 'server',
            message: 'm'.repeat(50_000),
            action: 'a'.repeat(50_000),
            model: 'x'.repeat(50_000),
            retryable: false,
          });
        },
      });
      const result = await router.dispatch('app.dismissNotice', { id: 'n' }, ctx);
      expect(JSON.stringify(result).length).toBeLessThan(3_000);
    });
  });
});
