/**
 * Serves the baseline pages (e2e/bench/baseline), marked itself, the seeded conversations as JSON, and a stream
 * proxy: `/proxy/stream?prompt=` asks the provider emulator for an OpenAI chat completion stream and passes its
 * bytes through as they come, so the baseline gets the same chunks at the same times as the app.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Emulator } from '../../../src-main/emulator/types';
import { REPO_ROOT } from './host';
import type { HistoryMessage } from './seed';

const PAGES_DIR = join(import.meta.dirname, '../baseline');
const FILES: Record<string, { path: string; type: string }> = {
  '/stream.html': { path: join(PAGES_DIR, 'stream.html'), type: 'text/html' },
  '/list.html': { path: join(PAGES_DIR, 'list.html'), type: 'text/html' },
  '/baseline.css': { path: join(PAGES_DIR, 'baseline.css'), type: 'text/css' },
  '/stream.js': { path: join(PAGES_DIR, 'stream.js'), type: 'text/javascript' },
  '/list.js': { path: join(PAGES_DIR, 'list.js'), type: 'text/javascript' },
  '/render.js': { path: join(PAGES_DIR, 'render.js'), type: 'text/javascript' },
  '/marked.js': { path: join(REPO_ROOT, 'node_modules/marked/lib/marked.esm.js'), type: 'text/javascript' },
};

export type BaselineServer = {
  url: string;
  /** Makes a conversation's messages available at /history/<name>.json. */
  addHistory(name: string, messages: readonly HistoryMessage[]): void;
  close(): Promise<void>;
};

export async function startBaselineServer(emulator: Emulator): Promise<BaselineServer> {
  const histories = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = FILES[url.pathname];
    if (file) {
      res.writeHead(200, { 'content-type': `${file.type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(readFileSync(file.path));
      return;
    }
    const history = /^\/history\/(.+)\.json$/.exec(url.pathname);
    if (history) {
      const body = histories.get(decodeURIComponent(history[1]!));
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(body ?? '[]');
      return;
    }
    if (url.pathname === '/proxy/stream') {
      void proxyStream(emulator, url.searchParams.get('prompt') ?? '', res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    addHistory: (name, messages) => histories.set(name, JSON.stringify(messages)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function proxyStream(emulator: Emulator, prompt: string, res: ServerResponse): Promise<void> {
  const upstream = await fetch(`${emulator.baseURLs.openai}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-baseline' },
    body: JSON.stringify({ model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: prompt }] }),
  });
  res.writeHead(upstream.status, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  if (!upstream.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(upstream.body as WebReadableStream);
  body.on('data', (chunk: Buffer) => res.write(chunk));
  body.on('end', () => res.end());
  body.on('error', () => res.destroy());
}
