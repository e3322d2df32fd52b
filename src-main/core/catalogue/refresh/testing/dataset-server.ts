/**
 * A local HTTP server for refresh tests: serves the dated snapshots in ../shared/reference by name, datasets a
 * test makes up, and misbehaving answers (a body that never ends, an error status), and counts the requests.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

export const REFERENCE_DIR = resolve(import.meta.dirname, '../../../../../../shared/reference');
export const SNAPSHOT_0_1_8 = 'genai-prices-npm-0.1.8-providers.2026-09-23.json';
export const SNAPSHOT_2026_08_21 = 'genai-prices-data-v2.2026-08-21.json';

export function hasSnapshots(): boolean {
  return (
    existsSync(resolve(REFERENCE_DIR, SNAPSHOT_0_1_8)) &&
    existsSync(resolve(REFERENCE_DIR, SNAPSHOT_2026_08_21))
  );
}

export function readSnapshot(name: string): string {
  return readFileSync(resolve(REFERENCE_DIR, name), 'utf8');
}

export type DatasetServer = {
  url(path: string): string;
  /** Serves `body` at `path` (a made-up dataset, broken JSON...). */
  serve(path: string, body: string, status?: number): void;
  requests: string[];
  close(): Promise<void>;
};

export async function startDatasetServer(): Promise<DatasetServer> {
  const routes = new Map<string, { body: string; status: number }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    if (path === '/hang') {
      // Headers, then a body that never ends.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      return;
    }
    const snapshot = /^\/reference\/([\w.-]+\.json)$/.exec(path)?.[1];
    const route = routes.get(path);
    if (route) {
      res.writeHead(route.status, { 'content-type': 'application/json' });
      res.end(route.body);
    } else if (snapshot && existsSync(resolve(REFERENCE_DIR, snapshot))) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(readSnapshot(snapshot));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, body, status = 200) => routes.set(path, { body, status }),
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The 0.1.8 snapshot as a later one might be: a model added for a refresh to find (`gpt-7-test`, a made-up id
 * with made-up prices: test data, not a provider's) and GPT-6 Luna's price changed.
 */
export function datasetWithChanges(): string {
  const providers = JSON.parse(readSnapshot(SNAPSHOT_0_1_8)) as Array<{
    id: string;
    models: Array<{ id: string; prices: unknown; context_window?: number; name?: string; match?: unknown }>;
  }>;
  const openai = providers.find((p) => p.id === 'openai')!;
  openai.models.push({
    id: 'gpt-7-test',
    name: 'GPT-7 Test',
    match: { equals: 'gpt-7-test' },
    context_window: 400_000,
    prices: { input_mtok: 3, output_mtok: 12, cache_read_mtok: 0.3 },
  });
  const luna = openai.models.find((m) => m.id === 'gpt-6-luna')!;
  luna.prices = { input_mtok: 0.08, output_mtok: 0.4, cache_read_mtok: 0.008, cache_write_mtok: 0.1 };
  return JSON.stringify(providers);
}
