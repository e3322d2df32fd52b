// @ts-check
/**
 * `npm start`, `npm run dev` and `npm run package`: the desktop app on a fresh machine.
 *
 *   node scripts/desktop.mjs start   [electron-vite preview options]   build, then open the app
 *   node scripts/desktop.mjs dev     [electron-vite dev options]       dev server with reload
 *   node scripts/desktop.mjs package [electron-builder options]        build, then package for this platform
 *
 * First Electron's binary is found, or fetched through Electron's own lazy path within a time bound
 * (electron-binary.mjs); without it the command stops within seconds with one paragraph saying what failed, that
 * `npm run serve` runs the same app in the browser, and how to fetch Electron later (exit code 1). Then
 * electron-vite (or electron-builder) runs with ELECTRON_EXEC_PATH set to that executable, which electron-vite
 * launches instead of looking for node_modules/electron/path.txt. Arguments for the app itself go after `--`, for
 * example `npm start -- -- --data-dir ~/modeldesk-test` (or set MODELDESK_DATA_DIR).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureElectronBinary, explainMissingElectron } from './electron-binary.mjs';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

/** @typedef {'start' | 'dev' | 'package'} Command */
/** @typedef {{ pkg: string, bin: string, args: string[] }} Step */

/**
 * What each command runs once Electron's binary is there.
 * @param {Command} command @param {string[]} args @returns {Step[]}
 */
function stepsOf(command, args) {
  const electronVite = { pkg: 'electron-vite', bin: 'electron-vite' };
  switch (command) {
    case 'start':
      return [{ ...electronVite, args: ['preview', ...args] }];
    case 'dev':
      return [{ ...electronVite, args: ['dev', ...args] }];
    case 'package':
      return [
        { ...electronVite, args: ['build'] },
        {
          pkg: 'electron-builder',
          bin: 'electron-builder',
          args: ['--config', 'build/electron-builder.yml', ...args],
        },
      ];
  }
}

/** A package's bin script, run with this Node (no shell, the same on every platform). @param {Step} step */
function binPath(step) {
  const manifest = require.resolve(`${step.pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[step.bin]);
}

/** @param {Step} step @param {NodeJS.ProcessEnv} env @returns {Promise<number>} */
function run(step, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath(step), ...step.args], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stderr.write(`Could not run ${step.bin}: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'start' && command !== 'dev' && command !== 'package') {
    process.stderr.write('Usage: node scripts/desktop.mjs start|dev|package [options]\n');
    return 2;
  }
  const electron = await ensureElectronBinary({
    root,
    onProgress: (line) => process.stdout.write(`${line}\n`),
  });
  if (!electron.ok) {
    process.stderr.write(`\n${explainMissingElectron(electron, command)}\n\n`);
    return 1;
  }
  const env = { ...process.env, ELECTRON_EXEC_PATH: electron.executable };
  // Ctrl+C reaches the whole process group: the child handles it, and this process ends with the child's code.
  process.on('SIGINT', () => {});
  for (const step of stepsOf(command, args)) {
    const code = await run(step, env);
    if (code !== 0) return code;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main();
