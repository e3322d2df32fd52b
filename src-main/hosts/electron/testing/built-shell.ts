/**
 * The shell and the preload as they ship: built with electron-vite's own API and this project's
 * electron.vite.config.ts (the main and preload targets only; the renderer is not needed to run them) into a
 * temporary copy of the app's layout: package.json (ESM, `main`), out/, and node_modules linked to this
 * checkout's, so that every import of the bundles resolves the way it does in the app. Takes about a second.
 * Then `runBuiltShell` starts the built shell against a recording stand-in for electron.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelOf, type CallName } from '@contract/bridge';
import { APP_ENTRY_URL } from '../security';
import {
  createMainStandIn,
  installElectronStandIn,
  type MainStandIn,
  type MainStandInOptions,
  type SenderFrame,
} from './electron-stand-in';

const root = join(import.meta.dirname, '../../../..');

export type BuiltShell = {
  /** The temporary app folder (package.json, node_modules, out/). */
  dir: string;
  out: string;
  main: string;
  preload: string;
  /** Where electron-vite's renderer target writes (not built here). */
  rendererDir: string;
  remove(): void;
};

export async function buildShell(
  targets: Array<'main' | 'preload'> = ['main', 'preload'],
): Promise<BuiltShell> {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-built-shell-'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction');
  const out = join(dir, 'out');

  // electron-vite sets NODE_ENV for the build; the test process keeps its own.
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    NODE_ENV_ELECTRON_VITE: process.env.NODE_ENV_ELECTRON_VITE,
  };
  try {
    const { resolveConfig } = await import('electron-vite');
    const { build } = await import('vite');
    const { config } = await resolveConfig(
      { root, configFile: join(root, 'electron.vite.config.ts'), logLevel: 'error', build: { outDir: out } },
      'build',
      'production',
    );
    if (!config?.main || !config.preload || !config.renderer)
      throw new Error('electron.vite.config.ts not found');
    for (const target of targets) await build(config[target]);
    return {
      dir,
      out,
      main: join(out, 'main/index.js'),
      preload: join(out, 'preload/index.cjs'),
      rendererDir: String(config.renderer.build?.outDir),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export type BridgeAnswer = { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
export type StandInWindow = MainStandIn['windows'][number];

export type RunningShell = {
  standIn: MainStandIn;
  /** What loading the bundle threw, if it did (then nothing else ran). */
  loadError: unknown;
  window(): StandInWindow;
  /** A bridge call as the page's preload makes it, from the app's main frame unless another frame is given. */
  call(name: CallName, input: unknown, frame?: SenderFrame | null): Promise<BridgeAnswer>;
  value<T>(name: CallName, input?: unknown): Promise<T>;
  /** Quits the app if it still runs, removes the stand-in, restores the environment. */
  stop(): Promise<void>;
};

export const APP_FRAME: SenderFrame = { url: APP_ENTRY_URL, parent: null };

/**
 * Starts the built shell in this process, as Electron would: `import … from 'electron'` resolves to a recording
 * stand-in, the bundle is loaded by Node's own loader (require of an ES module, not vitest's), then the app
 * becomes ready and the shell opens its window. `env` is added to process.env for the run (the shell reads it).
 */
export async function runBuiltShell(
  built: BuiltShell,
  options: { standIn: MainStandInOptions; env: Record<string, string> },
): Promise<RunningShell> {
  const savedEnv = { ...process.env };
  Object.assign(process.env, options.env);
  const standIn = createMainStandIn(options.standIn);
  const uninstall = installElectronStandIn(standIn.module);
  const window = () => {
    const [win] = standIn.windows;
    if (!win) throw new Error('The shell opened no window.');
    return win;
  };
  const call = (name: CallName, input: unknown, frame: SenderFrame | null = APP_FRAME) =>
    standIn.invoke(channelOf(name), input, { window: window(), frame }) as Promise<BridgeAnswer>;
  const running: RunningShell = {
    standIn,
    loadError: undefined,
    window,
    call,
    async value<T>(name: CallName, input: unknown = {}) {
      const answer = await call(name, input);
      if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`);
      return answer.value as T;
    },
    async stop() {
      if (!standIn.quitted && standIn.windows.length > 0) {
        standIn.module.app.quit();
        await standIn.whenQuit();
      }
      uninstall();
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
    },
  };
  try {
    createRequire(import.meta.url)(built.main);
  } catch (error) {
    running.loadError = error;
    return running;
  }
  standIn.ready();
  const deadline = Date.now() + 20_000;
  while (standIn.windows.length === 0) {
    const failed = standIn.calls.find((c) => c.api === 'dialog.showErrorBox');
    if (failed) throw new Error(`The shell could not start: ${failed.args.join(': ')}`);
    if (Date.now() > deadline) throw new Error('The shell opened no window within 20 s.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return running;
}
