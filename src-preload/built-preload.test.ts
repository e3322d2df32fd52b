/**
 * The built preload (out/preload/index.cjs) as Electron runs it in a sandboxed renderer: a CommonJS script in its
 * own JavaScript context whose `require` knows `electron` and nothing of Node's file system or node_modules. Here
 * it runs in a `vm` context with stand-ins for `contextBridge` and `ipcRenderer`, and must expose exactly the
 * contract's calls and events, frozen, pass valid input on to main, and refuse bad input before anything is sent.
 */
import { readFileSync } from 'node:fs';
import { runInContext, createContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, channelOf } from '@contract/bridge';
import { buildShell, type BuiltShell } from '../src-main/hosts/electron/testing/built-shell';
import { createPreloadStandIn } from '../src-main/hosts/electron/testing/electron-stand-in';

type Bridge = {
  calls: Record<string, (input?: unknown) => Promise<unknown>>;
  events: Record<string, (listener: (payload: unknown) => void) => () => void>;
};

let built: BuiltShell;
let renderer: ReturnType<typeof createPreloadStandIn>;
const required: string[] = [];
let bridge: Bridge;

beforeAll(async () => {
  built = await buildShell(['preload']);
  renderer = createPreloadStandIn((channel, payload) => ({ ok: true, value: { channel, payload } }));
  // Like Electron's sandboxed preload: a module wrapper, a `require` that knows only electron (and a few of
  // Electron's own polyfilled modules, none of which the preload should need).
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return renderer.module;
    throw new Error(`module not found: ${id} (a sandboxed preload can only require electron)`);
  };
  const module = { exports: {} };
  const context = createContext({});
  const wrapped = runInContext(
    `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(built.preload, 'utf8')}\n})`,
    context,
    { filename: built.preload },
  ) as (...args: unknown[]) => void;
  wrapped(module.exports, sandboxRequire, module, built.preload, '.');
  bridge = renderer.exposed.get('modeldesk') as Bridge;
}, 60_000);

afterAll(() => built?.remove());

describe('the built preload, in a sandbox-like context', () => {
  it('requires nothing but electron', () => {
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('exposes one frozen object with exactly the contract’s calls and events', () => {
    expect([...renderer.exposed.keys()]).toEqual(['modeldesk']);
    expect(Object.keys(bridge)).toEqual(['calls', 'events']);
    expect(Object.keys(bridge.calls).sort()).toEqual([...CALL_NAMES].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...EVENT_NAMES].sort());
    for (const object of [bridge, bridge.calls, bridge.events]) expect(Object.isFrozen(object)).toBe(true);
    for (const fn of [...Object.values(bridge.calls), ...Object.values(bridge.events)]) {
      expect(typeof fn).toBe('function');
    }
  });

  it('sends a valid call on its own channel, parsed, and returns main’s answer', async () => {
    const answer = await bridge.calls['conversations.list']!({ query: 'hello' });
    expect(renderer.invoked.at(-1)).toEqual({
      channel: channelOf('conversations.list'),
      payload: { query: 'hello', sort: 'activity' },
    });
    expect(answer).toEqual({
      ok: true,
      value: { channel: channelOf('conversations.list'), payload: { query: 'hello', sort: 'activity' } },
    });
  });

  it('refuses bad input before sending anything', async () => {
    const sent = renderer.invoked.length;
    const bad: Array<[string, unknown]> = [
      ['chat.send', { conversationId: 5, text: 'hi' }],
      ['providers.addKey', { providerId: 'openai', key: 'k'.repeat(5000) }],
      ['app.info', { extra: true }],
      ['settings.update', { patch: { theme: 'neon' } }],
      ['chat.ack', { streamId: 's', seq: -1 }],
      ['attachments.add', 'not an object'],
    ];
    for (const [name, input] of bad) {
      await expect(bridge.calls[name]!(input), name).rejects.toThrow(`Invalid input for ${name}`);
    }
    expect(renderer.invoked.length).toBe(sent);
  });

  it('delivers events to subscribers without Electron’s event object, and unsubscribes', () => {
    const received: unknown[] = [];
    const unsubscribe = bridge.events['settings.changed']!((payload) => received.push(payload));
    renderer.ipcRenderer.deliver(channelOf('settings.changed'), { theme: 'dark' });
    unsubscribe();
    renderer.ipcRenderer.deliver(channelOf('settings.changed'), { theme: 'light' });
    expect(received).toEqual([{ theme: 'dark' }]);
    expect(renderer.ipcRenderer.listenerCount(channelOf('settings.changed'))).toBe(0);
    expect(() => bridge.events['settings.changed']!('not a function' as never)).toThrow(
      'listener must be a function',
    );
  });
});
