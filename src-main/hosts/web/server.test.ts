import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireToRenderer } from '@contract/bridge';
import { EventBus } from '../../core/bridge/events';
import { createBridgeRouter, type CallHandlers } from '../../core/bridge/router';
import type { HostableCore } from '../../core/hostable';
import { startWebHost, type WebHost } from './server';

const ATTACHMENT = 'a'.repeat(64);

function makeCore(dir: string) {
  const events = new EventBus();
  const connected: string[] = [];
  const disconnected: string[] = [];
  const handlers = {
    'app.dismissNotice': async ({ id }: { id: string }) => {
      if (id === 'boom') throw new Error('secret path /home/user/.key sk-live-1234567890abcdef');
      return { ok: true as const };
    },
  } as unknown as CallHandlers;
  const core: HostableCore = {
    router: createBridgeRouter(handlers, { redact: (t) => t.replace(/sk-[\w-]+/g, '[key]') }),
    events,
    async attachmentFile(hash) {
      return hash === ATTACHMENT ? { path: join(dir, 'img.png'), mediaType: 'image/png', bytes: 4 } : null;
    },
    clientConnected: (id) => connected.push(id),
    clientDisconnected: (id) => disconnected.push(id),
    dispose: async () => {},
  };
  return { core, events, connected, disconnected };
}

function open(host: WebHost, opts: { secret?: string; origin?: string; hostHeader?: string } = {}) {
  const secret = opts.secret ?? host.secret;
  return new WebSocket(`ws://127.0.0.1:${host.port}/bridge?secret=${encodeURIComponent(secret)}`, {
    origin: opts.origin ?? host.origin,
    headers: opts.hostHeader ? { host: opts.hostHeader } : {},
  });
}

function refused(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('connection was accepted')));
    ws.on('error', () => {});
  });
}

function frames(ws: WebSocket): WireToRenderer[] {
  const list: WireToRenderer[] = [];
  ws.on('message', (d) => list.push(JSON.parse(d.toString()) as WireToRenderer));
  return list;
}

async function until<T>(fn: () => T | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('web host', () => {
  let dir: string;
  let host: WebHost;
  let harness: ReturnType<typeof makeCore>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'md-webhost-'));
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Modeldesk</title>');
    writeFileSync(join(dir, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    harness = makeCore(dir);
    host = await startWebHost({
      core: harness.core,
      rendererDir: join(dir, 'renderer'),
      secret: 'test-secret-123',
    });
  });

  afterAll(async () => {
    await host.close();
  });

  it('prints a URL on 127.0.0.1 that carries the secret', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=test-secret-123$/);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const res = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: 'evil.example:80' } }, (r) =>
        resolve(r.statusCode ?? 0),
      ).end();
    });
    expect(res).toBe(421);
  });

  it('refuses a WebSocket without the secret, with a wrong one, or from another Origin', async () => {
    expect(await refused(open(host, { secret: '' }))).toBe(403);
    expect(await refused(open(host, { secret: 'test-secret-124' }))).toBe(403);
    expect(await refused(open(host, { origin: 'http://evil.example' }))).toBe(403);
    expect(await refused(open(host, { origin: 'null' }))).toBe(403);
  });

  it('dispatches contract calls and refuses anything else', async () => {
    const ws = open(host);
    const got = frames(ws);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.dismissNotice', input: { id: 'n1' } }));
    ws.send(JSON.stringify({ t: 'call', id: 2, name: '__proto__', input: {} }));
    ws.send(JSON.stringify({ t: 'call', id: 3, name: 'app.dismissNotice', input: { id: 42 } }));
    ws.send(JSON.stringify({ t: 'call', id: 4, name: 'app.dismissNotice', input: { id: 'boom' } }));
    const results = await until(() => (got.length >= 4 ? got : undefined));
    const byId = new Map(results.map((f) => [f.t === 'result' ? f.id : -1, f]));
    expect(byId.get(1)).toEqual({ t: 'result', id: 1, result: { ok: true, value: { ok: true } } });
    expect(byId.get(2)).toMatchObject({ result: { ok: false, error: { kind: 'bad_request' } } });
    expect(byId.get(3)).toMatchObject({ result: { ok: false, error: { kind: 'bad_request' } } });
    const internal = byId.get(4);
    expect(internal).toMatchObject({ result: { ok: false, error: { kind: 'server' } } });
    // An unexpected exception never carries its message (paths, keys) across the bridge.
    expect(JSON.stringify(internal)).not.toMatch(/sk-live|\.key/);
    ws.close();
  });

  it('delivers broadcast events and targeted events, and reports disconnects', async () => {
    const a = open(host);
    const b = open(host);
    const gotA = frames(a);
    const gotB = frames(b);
    await Promise.all([new Promise((r) => a.once('open', r)), new Promise((r) => b.once('open', r))]);
    const [idA] = harness.connected.slice(-2);
    harness.events.emit('conversations.changed', { ids: ['c1'] });
    harness.events.emit('providers.changed', {}, idA);
    await until(() => (gotA.length >= 2 && gotB.length >= 1 ? true : undefined));
    expect(gotA.map((f) => (f.t === 'event' ? f.name : ''))).toEqual(
      expect.arrayContaining(['conversations.changed', 'providers.changed']),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(gotB.map((f) => (f.t === 'event' ? f.name : ''))).toEqual(['conversations.changed']);
    a.close();
    await until(() => (harness.disconnected.includes(idA!) ? true : undefined));
    b.close();
  });

  it('serves attachments only with the secret', async () => {
    expect((await fetch(`${host.origin}/attachments/${ATTACHMENT}`)).status).toBe(403);
    const ok = await fetch(`${host.origin}/attachments/${ATTACHMENT}?secret=test-secret-123`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${host.origin}/attachments/${'b'.repeat(64)}?secret=test-secret-123`)).status).toBe(
      404,
    );
  });

  it('refuses a frame of too many values unparsed, and keeps serving others meanwhile (issue 14)', async () => {
    const hostile = open(host);
    const closed = new Promise<number>((resolve) => hostile.on('close', (code) => resolve(code)));
    await new Promise((r) => hostile.once('open', r));
    const other = open(host);
    const got = frames(other);
    await new Promise((r) => other.once('open', r));
    // 10 MB of nesting: JSON.parse alone would hold the event loop for seconds.
    hostile.send(`{"t":"call","id":1,"name":"app.dismissNotice","input":${'['.repeat(10_000_000)}`);
    other.send(JSON.stringify({ t: 'call', id: 9, name: 'app.dismissNotice', input: { id: 'n9' } }));
    expect(await closed).toBe(1009);
    await until(() => (got.length >= 1 ? true : undefined));
    expect(got[0]).toMatchObject({ t: 'result', id: 9, result: { ok: true } });
    other.close();
  });

  it('answers a call with a 10 MB unknown key at once, with a short message (issue 14)', async () => {
    const ws = open(host);
    const got = frames(ws);
    await new Promise((r) => ws.once('open', r));
    const key = 'k'.repeat(10_000_000);
    // CPU time of this process (client and host both): what the call cost, whatever else the machine is doing.
    const started = process.cpuUsage();
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.dismissNotice', input: { id: 'n1', [key]: 1 } }));
    await until(() => (got.length >= 1 ? true : undefined), 20_000);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    expect(got[0]).toMatchObject({ result: { ok: false, error: { kind: 'bad_request' } } });
    expect(JSON.stringify(got[0]).length).toBeLessThan(1000);
    ws.close();
  });
});
