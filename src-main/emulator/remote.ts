/**
 * connectEmulator(): drives an emulator running in another process (the web host's, a benchmark's) through
 * its control API, with the same verbs as the in-process `Emulator`, made async.
 */
import { CONTROL_PREFIX } from './control';
import { baseURLsFor } from './server';
import type { EmulatorBaseURLs, RecordedRequest, Rule } from './types';

export type RemoteEmulator = {
  readonly url: string;
  readonly baseURLs: EmulatorBaseURLs;
  script(...rules: Rule[]): Promise<void>;
  reset(): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  idle(): Promise<void>;
};

async function call(url: string, method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${url}${CONTROL_PREFIX}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body, (_key, value: unknown) => {
            if (value === Infinity) return 'Infinity';
            if (value instanceof Uint8Array) {
              throw new Error('A replay body must be a string over the control API; decode it first.');
            }
            return value;
          }),
        }),
  });
  if (!response.ok) {
    const detail = await response.text();
    throw new Error(`Emulator control ${method} ${path} failed (${response.status}): ${detail}`);
  }
  return response;
}

/** `url` is the emulator's root, e.g. http://127.0.0.1:4010. */
export function connectEmulator(url: string): RemoteEmulator {
  const root = url.replace(/\/+$/, '');
  return {
    url: root,
    baseURLs: baseURLsFor(root),
    script: async (...rules) => {
      await call(root, 'POST', '/rules', rules);
    },
    reset: async () => {
      await call(root, 'POST', '/reset');
    },
    requests: async () => (await (await call(root, 'GET', '/requests')).json()) as RecordedRequest[],
    idle: async () => {
      await call(root, 'GET', '/idle');
    },
  };
}
