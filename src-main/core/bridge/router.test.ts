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
});
