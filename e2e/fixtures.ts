/**
 * End-to-end fixtures: a provider emulator in the test process, the real web host (`out/main/web-host.js`, the
 * same core as the desktop app) spawned against it with a fresh data directory, and Chromium opened at the URL
 * the host prints. `npm run e2e` builds first.
 *
 *   emulator  the provider emulator (script replies and faults, read the requests it recorded)
 *   app       { url, dataDir, output, stop() } of the running web host
 *   page      a page opened at `app.url`, the conversation list loaded
 *   startApp  starts another host (say, again on the same data directory after a stop)
 *
 * Options: `providerKeys: false` starts the host without provider keys in its environment (base URLs only), as a
 * new user who has not entered a key yet; `hostEnv` adds to the host's environment (`MODELDESK_TODAY` fixes the
 * day prices and model retirements are judged on, so a spec about them does not change with the calendar).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { emulatorEnvironment, startEmulator } from '../src-main/emulator/index';
import type { Emulator } from '../src-main/emulator/types';

export type RunningApp = {
  url: string;
  dataDir: string;
  /** Everything the host printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
  /** Kills the host at once (SIGKILL), as a crash or a power cut would. */
  kill: () => Promise<void>;
};

export type StartAppOptions = { dataDir?: string; providerKeys?: boolean; env?: Record<string, string> };

type Fixtures = {
  providerKeys: boolean;
  hostEnv: Record<string, string>;
  emulator: Emulator;
  startApp: (options?: StartAppOptions) => Promise<RunningApp>;
  app: RunningApp;
};

const HOST_ENTRY = join(import.meta.dirname, '../out/main/web-host.js');
const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;

function withoutProviderVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (/(_API_KEY|_BASE_URL|_ENDPOINT|^OLLAMA_HOST|^OPENAI_API_VERSION|^MODELDESK_)/.test(name)) continue;
    out[name] = value;
  }
  return out;
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The web host printed no URL:\n${output()}`)), 20_000);
    const check = () => {
      const match = URL_LINE.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

export const test = base.extend<Fixtures>({
  providerKeys: [true, { option: true }],
  hostEnv: [{}, { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from the destructuring
  emulator: async ({}, use) => {
    const emulator = await startEmulator();
    await use(emulator);
    await emulator.close();
  },

  startApp: async ({ emulator, providerKeys, hostEnv }, use, testInfo) => {
    const started: RunningApp[] = [];
    const dirs: string[] = [];
    await use(async (options = {}) => {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'modeldesk-e2e-'));
      if (!options.dataDir) dirs.push(dataDir);
      const providerEnv = emulatorEnvironment(emulator);
      const keys = options.providerKeys ?? providerKeys;
      const env: Record<string, string> = {
        ...withoutProviderVariables(process.env),
        ...Object.fromEntries(
          Object.entries(providerEnv).filter(([name]) => keys || !/_API_KEY$/.test(name)),
        ),
        ...hostEnv,
        ...options.env,
      };
      const child = spawn(process.execPath, [HOST_ENTRY, '--port', '0', '--data-dir', dataDir], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let printed = '';
      child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const url = await waitForUrl(child, () => printed);
      const end = async (signal: NodeJS.Signals) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill(signal);
        await exited;
      };
      const app: RunningApp = {
        url,
        dataDir,
        output: () => printed,
        stop: () => end('SIGTERM'),
        kill: () => end('SIGKILL'),
      };
      started.push(app);
      return app;
    });
    for (const app of started) await app.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('web-host-output', {
        body: started.map((a) => a.output()).join('\n----\n'),
        contentType: 'text/plain',
      });
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  },

  app: async ({ startApp }, use) => {
    await use(await startApp());
  },

  page: async ({ page, app }, use) => {
    await page.goto(app.url);
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Saves a screenshot as a test artifact. */
export async function snapshot(page: Page, name: string): Promise<void> {
  const info = test.info();
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** Drops files on the chat the way a file manager does: dragenter, dragover, drop with a DataTransfer. */
export async function dropImage(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ base64, fileName }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName, { type: 'image/png' }));
      return transfer;
    },
    { base64: bytes.toString('base64'), fileName: name },
  );
  const pane = page.getByRole('region', { name: 'Chat' });
  await pane.dispatchEvent('dragenter', { dataTransfer });
  await pane.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop images to attach them')).toBeVisible();
  await pane.dispatchEvent('drop', { dataTransfer });
  const thumbnails = page.getByRole('list', { name: 'Attached images' });
  await expect(thumbnails.getByRole('img', { name })).toBeVisible();
  await expect(page.getByRole('status', { name: `Preparing ${name}` })).toHaveCount(0);
}
