/**
 * startEmulator(): the provider emulator's HTTP server on 127.0.0.1, built on node:http alone.
 * Provider paths (see inbound.ts) are answered by provider-requests.ts; `/__emulator/*` is the control API.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTROL_PREFIX, handleControlRequest } from './control';
import { PREFIX, readBody } from './inbound';
import { handleProviderRequest } from './provider-requests';
import { Recorder } from './recorder';
import { RuleBook } from './rules';
import type { Emulator, EmulatorBaseURLs, EmulatorOptions, Rule } from './types';

export function baseURLsFor(url: string): EmulatorBaseURLs {
  return {
    openai: `${url}/v1`,
    anthropic: `${url}${PREFIX.anthropic}`,
    azure: `${url}${PREFIX.azure}`,
    azureEndpoint: url,
    gemini: `${url}${PREFIX.gemini}`,
    ollama: `${url}${PREFIX.ollama}`,
    ollamaOpenAI: `${url}${PREFIX.ollama}/v1`,
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const rules = new RuleBook();
  const recorder = new Recorder();
  const reset = () => {
    rules.clear();
    recorder.clear();
  };
  let url = '';
  let baseURLs: EmulatorBaseURLs = baseURLsFor(url);

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', url);
    const control = target.pathname === CONTROL_PREFIX || target.pathname.startsWith(`${CONTROL_PREFIX}/`);
    const clientGone = new AbortController();
    const closed = new Promise((resolve) => res.once('close', resolve));
    res.on('close', () => {
      if (!res.writableFinished) clientGone.abort();
    });
    const handled = (async () => {
      const raw = (await readBody(req)).toString('utf8');
      if (control) {
        await handleControlRequest({ rules, recorder, url, baseURLs, reset }, req, res, target.pathname, raw);
        return;
      }
      await handleProviderRequest(
        { rules, recorder, options },
        { req, res, clientGone: clientGone.signal },
        target,
        raw,
      );
    })().catch((error: unknown) => {
      console.error('Provider emulator: a request failed inside the emulator:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Emulator failure: ${String(error)}` } }));
    });
    // In flight until the emulator is done with it and the connection has closed, however that happened.
    if (!control) recorder.track(Promise.all([handled, closed]));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseURLs = baseURLsFor(url);

  return {
    url,
    baseURLs,
    script: (...added: Rule[]) => rules.add(added),
    reset,
    requests: recorder.requests,
    idle: () => recorder.idle(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
