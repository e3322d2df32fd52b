import { describe, expect, it } from 'vitest';
import { CALL_NAMES, channelOf } from '@contract/bridge';
import { EventBus } from '../../core/bridge/events';
import { createBridgeRouter, type CallHandlers } from '../../core/bridge/router';
import type { HostableCore } from '../../core/hostable';
import { clientIdOf, wireEvents, wireIpc, type IpcMainLike } from './ipc';
import { APP_ORIGIN } from './security';

function harness() {
  const calls: Array<{ id: string; clientId: string }> = [];
  const handlers = {
    'app.dismissNotice': async ({ id }: { id: string }, ctx: { clientId: string }) => {
      calls.push({ id, clientId: ctx.clientId });
      return { ok: true as const };
    },
  } as unknown as CallHandlers;
  const events = new EventBus();
  const core: HostableCore = {
    router: createBridgeRouter(handlers, { redact: (t) => t }),
    events,
    attachmentFile: async () => null,
    clientConnected: () => {},
    clientDisconnected: () => {},
    dispose: async () => {},
  };
  const registered = new Map<string, (event: never, input: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) => registered.set(channel, fn as never),
    removeHandler: (channel) => registered.delete(channel),
  };
  const refused: string[] = [];
  const unwire = wireIpc(ipcMain, core, { onRefused: (c) => refused.push(c) });
  return { calls, registered, refused, unwire, core, events };
}

const trusted = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null }, sender: { id: 7 } };

describe('IPC wiring', () => {
  it('registers exactly one channel per contract call, all carrying the app prefix', () => {
    const { registered, unwire } = harness();
    expect([...registered.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
    expect([...registered.keys()].every((c) => c.startsWith('modeldesk:'))).toBe(true);
    unwire();
    expect(registered.size).toBe(0);
  });

  it('dispatches a trusted call with the window as the client', async () => {
    const { registered, calls } = harness();
    const result = await registered.get(channelOf('app.dismissNotice'))!(trusted as never, { id: 'n1' });
    expect(result).toEqual({ ok: true, value: { ok: true } });
    expect(calls).toEqual([{ id: 'n1', clientId: clientIdOf(7) }]);
  });

  it('refuses calls from a subframe, another origin or an unknown frame, before validating anything', async () => {
    const { registered, calls, refused } = harness();
    const channel = channelOf('app.dismissNotice');
    for (const senderFrame of [
      { url: `${APP_ORIGIN}/index.html`, parent: {} },
      { url: 'https://evil.example/', parent: null },
      null,
    ]) {
      const result = await registered.get(channel)!({ senderFrame, sender: { id: 1 } } as never, { id: 'x' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'permission' } });
    }
    expect(calls).toEqual([]);
    expect(refused).toEqual([channel, channel, channel]);
  });

  it('validates payloads: a malformed one is a bad_request, the handler never runs', async () => {
    const { registered, calls } = harness();
    const result = await registered.get(channelOf('app.dismissNotice'))!(trusted as never, { id: 12 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(calls).toEqual([]);
  });

  it('sends broadcast events to every live window and targeted ones to their window only', () => {
    const { core } = harness();
    const sent: Array<[number, string]> = [];
    const contents = [1, 2, 3].map((id) => ({
      id,
      isDestroyed: () => id === 3,
      send: (channel: string) => sent.push([id, channel]),
    }));
    wireEvents(core, () => contents);
    core.events.emit('providers.changed', {});
    core.events.emit('conversations.changed', { ids: [] }, clientIdOf(2));
    expect(sent).toEqual([
      [1, 'modeldesk:providers.changed'],
      [2, 'modeldesk:providers.changed'],
      [2, 'modeldesk:conversations.changed'],
    ]);
  });
});
