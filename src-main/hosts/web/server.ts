/**
 * The web host's transport: the built renderer over HTTP on 127.0.0.1 and the bridge over a WebSocket.
 * Guards: a per-run secret (timing-safe compare) on the WebSocket and on attachment downloads; the Origin of the
 * WebSocket must be this server's own; the Host header must name this server (no DNS rebinding); frames are
 * size-limited and must be contract calls. It holds no logic: calls go to the core's router, events come from its bus.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WireFromRenderer, WireToRenderer } from '@contract/bridge';
import { DEFAULT_INPUT_BUDGET } from '../../core/bridge/input-budget';
import type { HostableCore } from '../../core/hostable';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { exceedsValueCount } from './frame-scan';
import { isTransferPath, serveTransfer } from './transfer-http';

/** The values one frame may hold before it is parsed: the router's input budget plus the frame's own fields. */
const MAX_FRAME_VALUES = DEFAULT_INPUT_BUDGET.maxValues + 16;

export type WebHostOptions = {
  core: HostableCore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Fixed secret for tests; a random one per run otherwise. */
  secret?: string;
  maxFrameBytes?: number;
  onLog?: (message: string) => void;
};

export type WebHost = {
  /** The URL to open: http://127.0.0.1:PORT/?secret=… */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly secret: string;
  close(): Promise<void>;
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
  'X-Frame-Options': 'DENY',
};

function secretMatches(expected: Buffer, given: string | null | undefined): boolean {
  if (!given) return false;
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core } = options;
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const secretBytes = Buffer.from(secret, 'utf8');
  const maxFrameBytes = options.maxFrameBytes ?? 48 * 1024 * 1024;
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const staticFiles = sirv(options.rendererDir, { etag: true, dev: false, single: true, gzip: false });

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Wrong host.');
      return;
    }
    const path = new URL(req.url ?? '/', origin).pathname;
    if (isTransferPath(path)) {
      void serveTransfer(req, res, {
        core,
        secretMatches: (given) => secretMatches(secretBytes, given),
        allowedOrigins,
        onLog: options.onLog,
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/attachments/')) {
      void serveAttachment(url, res);
      return;
    }
    const pageOrigin = `http://${req.headers.host}`;
    res.setHeader(
      'Content-Security-Policy',
      // The bridge's WebSocket, and the page's own origin for transfer uploads (one HTTP request per file).
      contentSecurityPolicy({ connect: [pageOrigin.replace(/^http/, 'ws'), pageOrigin] }),
    );
    staticFiles(req, res, () => {
      res.writeHead(404).end();
    });
  });

  async function serveAttachment(url: URL, res: ServerResponse) {
    if (!secretMatches(secretBytes, url.searchParams.get('secret'))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden.');
      return;
    }
    const hash = url.pathname.slice('/attachments/'.length);
    const file = /^[a-f0-9]{64}$/.test(hash) ? await core.attachmentFile(hash) : null;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.mediaType,
      'content-length': file.bytes,
      'cache-control': 'private, max-age=31536000, immutable',
    });
    createReadStream(file.path).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const reject = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/bridge') return reject(404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return reject(421, 'Misdirected Request');
    if (!allowedOrigins.has(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!secretMatches(secretBytes, url.searchParams.get('secret'))) return reject(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const clients = new Map<string, WebSocket>();

  const send = (ws: WebSocket, frame: WireToRenderer) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  const unsubscribe = core.events.subscribe(({ name, payload, to }) => {
    if (to !== undefined) {
      const ws = clients.get(to);
      if (ws) send(ws, { t: 'event', name, payload });
      return;
    }
    for (const ws of clients.values()) send(ws, { t: 'event', name, payload });
  });

  wss.on('connection', (ws: WebSocket) => {
    const clientId = `web-${randomUUID()}`;
    clients.set(clientId, ws);
    core.clientConnected(clientId);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'Text frames only');
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (exceedsValueCount(bytes, MAX_FRAME_VALUES)) return ws.close(1009, 'Too many values in one frame');
      let frame: WireFromRenderer;
      try {
        frame = JSON.parse(bytes.toString('utf8')) as WireFromRenderer;
      } catch {
        return ws.close(1007, 'Invalid JSON');
      }
      if (frame?.t !== 'call' || typeof frame.id !== 'number') return ws.close(1008, 'Unexpected frame');
      void core.router.dispatch(frame.name, frame.input, { clientId }).then((result) => {
        send(ws, { t: 'result', id: frame.id, result });
      });
    });
    ws.on('close', () => {
      clients.delete(clientId);
      core.clientDisconnected(clientId);
    });
    ws.on('error', (error) => options.onLog?.(`WebSocket error: ${error.message}`));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  return {
    url: `${origin}/?secret=${encodeURIComponent(secret)}`,
    origin,
    port,
    secret,
    async close() {
      unsubscribe();
      for (const ws of clients.values()) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
