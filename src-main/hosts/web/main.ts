/**
 * `npm run serve`: the same core as the desktop app, in plain Node, with the renderer served on 127.0.0.1 and the
 * bridge over a WebSocket. Reads provider keys and base URLs from the environment like the desktop app.
 *
 *   --port <n>         listen on this port (default: a random free one)
 *   --data-dir <path>  keep data here (also MODELDESK_DATA_DIR); default: ~/.modeldesk-web
 *   --emulator         answer with the built-in provider emulator instead of real providers (demo and tests)
 *   --today YYYY-MM-DD judge prices and model retirements as on that day (also MODELDESK_TODAY; demos and tests)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppCore } from '../../core/app-core';
import { resolveDataDir } from '../../core/storage/data-dir';
import { openSettingsWithConf } from '../../core/storage/settings-file';
import { startWebHost } from './server';

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      emulator: { type: 'boolean', default: false },
      today: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run serve -- [--port N] [--data-dir PATH] [--emulator] [--today YYYY-MM-DD]\n',
    );
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  }

  const env = { ...process.env };
  let stopEmulator: (() => Promise<void>) | undefined;
  if (values.emulator) {
    const { startEmulator, emulatorEnvironment } = await import('../../emulator/index');
    const emulator = await startEmulator();
    Object.assign(env, emulatorEnvironment(emulator));
    stopEmulator = () => emulator.close();
    process.stdout.write(`Provider emulator: ${emulator.url}\n`);
  }

  const today = values.today ?? process.env.MODELDESK_TODAY;
  let now: (() => number) | undefined;
  if (today) {
    const at = Date.parse(`${today}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(at)) {
      throw new Error(`--today must be a date written YYYY-MM-DD, not "${today}".`);
    }
    const offset = at - Date.now();
    now = () => Date.now() + offset;
  }

  const dataDir = resolveDataDir({ argv: process.argv, env, defaultDir: join(homedir(), '.modeldesk-web') });
  const core = await createAppCore({
    host: 'web',
    dataDir,
    env,
    version: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    vault: { kind: 'auto' },
    openSettingsFile: openSettingsWithConf,
    // The page asks the user first; main only checks the link and tells the page to open it itself.
    openExternal: async () => ({ opened: false, reason: 'open-in-page' }),
    ...(now ? { now } : {}),
  });
  const host = await startWebHost({
    core,
    rendererDir: join(import.meta.dirname, '../renderer'),
    port,
    onLog: (m) => process.stderr.write(`${m}\n`),
  });

  process.stdout.write(
    `Modeldesk is running. Open this URL in your browser (it carries this run's secret):\n`,
  );
  process.stdout.write(`${host.url}\n`);
  process.stdout.write(`Data directory: ${dataDir}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Modeldesk…\n`);
    await host.close();
    await core.dispose();
    await stopEmulator?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Modeldesk could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
