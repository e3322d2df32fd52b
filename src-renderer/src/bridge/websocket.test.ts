import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { WireFromRenderer, WireToRenderer } from '@contract/bridge';
import { backoffDelay } from './backoff';
import { BridgeCallError } from './errors';
import type { Bridge, ConnectionStatus } from './types';
import { createWebSocketBridge } from './websocket';

/** A real WebSocket server speaking the web host's frames, with a scripted answer per call. */
class FakeHost {
  readonly received: WireFromRenderer[] = [];
  sockets: ServerSocket[] = [];
  answer: (frame: WireFromRenderer) => WireToRenderer | null = (frame) => ({
    t: 'result',
    id: frame.id,
    result: { ok: true, value: { echo: frame.name, input: frame.input } },
  });
  private server!: Server;
  private wss!: WebSocketServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer();
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as WireFromRenderer;
        this.received.push(frame);
        const reply = this.answer(frame);
        if (reply) ws.send(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  emit(frame: WireToRenderer | string): void {
    for (const ws of this.sockets) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  dropClients(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
  }

  async stop(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/bridge?secret=s3cret`;
  }
}

function waitForStatus(
  bridge: Bridge,
  predicate: (s: ConnectionStatus) => boolean,
): Promise<ConnectionStatus> {
  if (predicate(bridge.status())) return Promise.resolve(bridge.status());
  return new Promise((resolve) => {
    const off = bridge.onStatus((s) => {
      if (predicate(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const FAST = { initialMs: 5, maxMs: 20, factor: 2 };
let host: FakeHost;
let bridge: Bridge | undefined;

afterEach(async () => {
  bridge?.close();
  bridge = undefined;
  await host?.stop().catch(() => {});
});

describe('WebSocket bridge client', () => {
  it('sends a call frame and unwraps the result', async () => {
    host = new FakeHost();
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    const value = await bridge.call('conversations.get', { id: 'c1' });
    expect(value).toEqual({ echo: 'conversations.get', input: { id: 'c1' } });
    expect(host.received[0]).toMatchObject({ t: 'call', name: 'conversations.get', input: { id: 'c1' } });
    expect(typeof host.received[0]!.id).toBe('number');
  });

  it('turns a failed envelope into a BridgeCallError carrying the ErrorInfo', async () => {
    host = new FakeHost();
    host.answer = (frame) => ({
      t: 'result',
      id: frame.id,
      result: {
        ok: false,
        error: {
          kind: 'authentication',
          message: 'The key was refused.',
          retryable: false,
          action: 'Open Settings.',
          bridge: true,
        },
      },
    });
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    const error = await bridge.call('providers.test', { providerId: 'openai' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    const info = (error as BridgeCallError).info;
    expect(info).toEqual({
      kind: 'authentication',
      message: 'The key was refused.',
      retryable: false,
      action: 'Open Settings.',
    });
    expect((error as BridgeCallError).call).toBe('providers.test');
  });

  it('matches results to calls by id when they come back out of order', async () => {
    host = new FakeHost();
    const held: WireFromRenderer[] = [];
    host.answer = (frame) => {
      held.push(frame);
      if (held.length < 2) return null;
      // Answer the second first, then the first.
      for (const f of [...held].reverse())
        host.emit({ t: 'result', id: f.id, result: { ok: true, value: f.input } });
      return null;
    };
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    const [a, b] = await Promise.all([
      bridge.call('conversations.get', { id: 'first' }),
      bridge.call('conversations.get', { id: 'second' }),
    ]);
    expect(a).toEqual({ id: 'first' });
    expect(b).toEqual({ id: 'second' });
  });

  it('delivers events to their listeners until unsubscribed, and ignores malformed frames', async () => {
    host = new FakeHost();
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    await waitForStatus(bridge, (s) => s.state === 'open');
    const seen: unknown[] = [];
    const off = bridge.on('conversations.changed', (p) => seen.push(p));
    const other: unknown[] = [];
    bridge.on('providers.changed', (p) => other.push(p));
    host.emit('not json');
    host.emit({ t: 'event', name: 'conversations.changed', payload: { ids: ['a'] } });
    // A round trip after the events proves they were processed (frames keep their order on one socket).
    await bridge.call('app.info', {});
    expect(seen).toEqual([{ ids: ['a'] }]);
    expect(other).toEqual([]);
    off();
    host.emit({ t: 'event', name: 'conversations.changed', payload: { ids: ['b'] } });
    await bridge.call('app.info', {});
    expect(seen).toEqual([{ ids: ['a'] }]);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    host = new FakeHost();
    await host.start();
    const failures: string[] = [];
    bridge = createWebSocketBridge({
      url: host.url,
      backoff: FAST,
      onListenerError: (name) => failures.push(name),
    });
    const seen: unknown[] = [];
    bridge.on('notices.added', () => {
      throw new Error('listener bug');
    });
    bridge.on('notices.added', (p) => seen.push(p));
    await waitForStatus(bridge, (s) => s.state === 'open');
    host.emit({
      t: 'event',
      name: 'notices.added',
      payload: { id: 'n', level: 'info', message: 'hi', at: 1 },
    });
    await bridge.call('app.info', {});
    expect(seen).toHaveLength(1);
    expect(failures).toEqual(['notices.added']);
  });

  it('holds calls made before the socket opens and sends them once it does', async () => {
    host = new FakeHost();
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    expect(bridge.status().state).toBe('connecting');
    const value = await bridge.call('settings.get', {});
    expect(value).toMatchObject({ echo: 'settings.get' });
  });

  it('fails calls in flight with a connection error when the socket drops, then reconnects', async () => {
    host = new FakeHost();
    host.answer = (frame) =>
      frame.name === 'chat.stop' ? null : { t: 'result', id: frame.id, result: { ok: true, value: 1 } };
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    const inFlight = bridge.call('chat.stop', { streamId: 's1' });
    await waitForStatus(bridge, (s) => s.state === 'open');
    while (host.received.length === 0) await new Promise((r) => setImmediate(r));
    host.dropClients();
    const error = await inFlight.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect((error as BridgeCallError).kind).toBe('connection');
    const back = await waitForStatus(bridge, (s) => s.state === 'open');
    expect(back.reconnected).toBe(true);
    expect(await bridge.call('app.info', {})).toBe(1);
  });

  it('makes calls wait while reconnecting and sends them when the host is back', async () => {
    host = new FakeHost();
    await host.start();
    const port = host.port;
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    await waitForStatus(bridge, (s) => s.state === 'open');
    const states: string[] = [];
    bridge.onStatus((s) => states.push(s.state));
    await host.stop();
    await waitForStatus(bridge, (s) => s.state === 'reconnecting' && s.attempt >= 2);
    const waiting = bridge.call('providers.list', {});
    host = new FakeHost();
    await host.start(port);
    expect(await waiting).toMatchObject({ echo: 'providers.list' });
    expect(states[0]).toBe('reconnecting');
    expect(states.at(-1)).toBe('open');
  });

  it('fails a waiting call with a connection error after the queue timeout', async () => {
    host = new FakeHost();
    await host.start();
    const port = host.port;
    await host.stop();
    bridge = createWebSocketBridge({
      url: `ws://127.0.0.1:${port}/bridge`,
      backoff: FAST,
      queueTimeoutMs: 30,
    });
    const error = await bridge.call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect((error as BridgeCallError).info.kind).toBe('connection');
    expect((error as BridgeCallError).info.action).toMatch(/running/);
  });

  it('refuses calls after close', async () => {
    host = new FakeHost();
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    bridge.close();
    expect(bridge.status().state).toBe('offline');
    await expect(bridge.call('app.info', {})).rejects.toBeInstanceOf(BridgeCallError);
  });

  it('rejects a result in an unknown shape with a server error', async () => {
    host = new FakeHost();
    host.answer = (frame) => ({ t: 'result', id: frame.id, result: 'nonsense' as never });
    await host.start();
    bridge = createWebSocketBridge({ url: host.url, backoff: FAST });
    const error = (await bridge.call('app.info', {}).catch((e: unknown) => e)) as BridgeCallError;
    expect(error.kind).toBe('server');
  });
});

describe('backoffDelay', () => {
  it('grows by the factor and stops at the maximum', () => {
    const options = { initialMs: 250, maxMs: 5000, factor: 2 };
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, options))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
  });
});
