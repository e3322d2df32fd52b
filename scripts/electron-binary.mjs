// @ts-check
/**
 * Electron's binary, found or fetched the way Electron itself does it, within a time bound.
 *
 * Since Electron 45 the npm package downloads its binary lazily: `require('electron')` (node_modules/electron/
 * index.js) returns the executable's path, and when the binary is missing it first runs Electron's installer
 * (install.js, also the package's `install-electron` bin). electron-vite never requires the package (it reads
 * `path.txt`), and npm no longer runs install scripts, so on a fresh clone nobody triggers that download. Here a
 * child process requires `electron` (honouring everything Electron honours: ELECTRON_OVERRIDE_DIST_PATH,
 * ELECTRON_MIRROR, ELECTRON_GET_USE_PROXY, electron_config_cache, ...) with electron-fetch-guard.cjs loaded, which
 * bounds every network wait of the installer. The child's report lines become progress for the person waiting
 * and, on failure, the reason the launcher states in one paragraph (`explainMissingElectron`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const GUARD = join(import.meta.dirname, 'electron-fetch-guard.cjs');
const REPORT_PREFIX = 'modeldesk-electron-fetch ';
const PATH_PREFIX = 'modeldesk-electron-path ';
/** The installer's own bounds are the guard's; this only ends a child that says nothing at all for this long. */
const DEFAULT_SILENCE_LIMIT_MS = 120_000;

/** Runs in the child: Electron's own lazy path. argv[1] is the project root. */
const RESOLVE = `
const { createRequire } = require('node:module');
const executable = createRequire(require('node:path').join(process.argv[1], 'package.json'))('electron');
process.stdout.write('\\n${PATH_PREFIX}' + JSON.stringify(executable) + '\\n');
`;

/**
 * @typedef {{ version: string, platform: string, arch: string }} ElectronTarget
 * @typedef {{ ok: true, executable: string, target: ElectronTarget }} ElectronFound
 * @typedef {{ ok: false, reason: string, url?: string, target?: ElectronTarget }} ElectronMissing
 * @typedef {{
 *   root: string,
 *   env?: NodeJS.ProcessEnv,
 *   onProgress?: (line: string) => void,
 *   silenceLimitMs?: number,
 * }} EnsureOptions
 */

/** @param {string} root @returns {ElectronTarget | undefined} */
function targetOf(root) {
  try {
    const require = createRequire(join(root, 'package.json'));
    const { version } = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));
    return { version, platform: process.platform, arch: process.arch };
  } catch {
    return undefined;
  }
}

/** @param {number} bytes */
const megabytes = (bytes) => `${Math.round(bytes / 1e6)} MB`;

/**
 * Finds Electron's executable, fetching the binary through Electron's own lazy path when it is missing.
 * @param {EnsureOptions} options
 * @returns {Promise<ElectronFound | ElectronMissing>}
 */
export function ensureElectronBinary(options) {
  const { root, env = process.env, onProgress = () => {} } = options;
  const target = targetOf(root);
  if (!target) {
    return Promise.resolve({
      ok: false,
      reason: 'the `electron` package is not installed in node_modules (run `npm install` first)',
    });
  }
  const nodeOptions = [env.NODE_OPTIONS, `--require ${JSON.stringify(GUARD)}`].filter(Boolean).join(' ');
  const child = spawn(process.execPath, ['-e', RESOLVE, root], {
    cwd: root,
    env: { ...env, NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  /** @type {string | undefined} */
  let executable;
  /** @type {{ reason: string, url: string } | undefined} */
  let failure;
  /** @type {{ url: string, status: number, statusText: string } | undefined} */
  let refusedAnswer;
  /** @type {string[]} */
  const errorLines = [];
  let silenced = false;

  const silenceLimitMs = options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let silenceTimer;
  const heard = () => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      silenced = true;
      child.kill();
    }, silenceLimitMs);
  };
  heard();

  /** @param {string} line */
  const onReport = (line) => {
    /** @type {{ event: string, url: string, reason?: string, status?: number, statusText?: string, received?: number, total?: number | null }} */
    const event = JSON.parse(line.slice(REPORT_PREFIX.length));
    if (event.event === 'failed') failure = { reason: event.reason ?? 'unknown', url: event.url };
    else if (event.event === 'answer' && event.status !== undefined && event.status >= 400)
      refusedAnswer = { url: event.url, status: event.status, statusText: event.statusText ?? '' };
    else if (event.event === 'progress' && event.received !== undefined) {
      const of = event.total ? ` of ${megabytes(event.total)}` : '';
      onProgress(`Downloading Electron ${target.version}: ${megabytes(event.received)}${of}`);
    } else if (event.event === 'done' && event.received !== undefined && event.received > 1e6) {
      onProgress(`Downloaded Electron ${target.version} (${megabytes(event.received)}); unpacking it.`);
    }
  };

  /** @param {NodeJS.ReadableStream} stream @param {(line: string) => void} onLine */
  const lines = (stream, onLine) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (/** @type {string} */ chunk) => {
      heard();
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) onLine(part.trimEnd());
    });
    stream.on('end', () => buffered && onLine(buffered.trimEnd()));
  };
  lines(child.stdout, (line) => {
    if (line.startsWith(PATH_PREFIX)) executable = JSON.parse(line.slice(PATH_PREFIX.length));
    else if (line.trim()) onProgress(line);
  });
  lines(child.stderr, (line) => {
    if (line.startsWith(REPORT_PREFIX)) onReport(line);
    else if (line.trim()) errorLines.push(line);
  });

  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(silenceTimer);
      resolve({ ok: false, reason: `Node could not run Electron's installer: ${error.message}`, target });
    });
    child.on('close', (code) => {
      clearTimeout(silenceTimer);
      if (code === 0 && executable !== undefined) {
        if (existsSync(executable)) return resolve({ ok: true, executable, target });
        const where = env.ELECTRON_OVERRIDE_DIST_PATH
          ? `ELECTRON_OVERRIDE_DIST_PATH points at ${env.ELECTRON_OVERRIDE_DIST_PATH}, and there is no ${executable}`
          : `Electron's package names ${executable}, which does not exist`;
        return resolve({ ok: false, reason: where, target });
      }
      if (silenced) {
        return resolve({
          ok: false,
          reason: `Electron's installer said nothing for ${Math.round(silenceLimitMs / 1000)} s and was stopped`,
          target,
        });
      }
      if (failure) return resolve({ ok: false, reason: failure.reason, url: failure.url, target });
      if (refusedAnswer) {
        const { status, statusText, url } = refusedAnswer;
        return resolve({
          ok: false,
          reason: `the server answered ${status} ${statusText}`.trim(),
          url,
          target,
        });
      }
      // Anything else (a checksum that did not match, a full disk): the installer's own first error line.
      const first = errorLines.find((l) => /^\w*Error\b|^Error:/.test(l.trim())) ?? errorLines[0];
      resolve({
        ok: false,
        reason: first?.trim() ?? `Electron's installer exited with code ${code}`,
        target,
      });
    });
  });
}

/** @param {string} text @param {number} width */
function wrap(text, width) {
  const out = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

/**
 * The one paragraph a person reads when the binary is missing and could not be fetched: what failed, that the
 * same app runs in the browser, and how to fetch Electron later.
 * @param {ElectronMissing} missing
 * @param {'start' | 'dev' | 'package'} command
 */
export function explainMissingElectron(missing, command) {
  const what = missing.target
    ? `Electron ${missing.target.version} for ${missing.target.platform}-${missing.target.arch}`
    : 'Electron';
  let host = 'github.com';
  try {
    if (missing.url) host = new URL(missing.url).host;
  } catch {
    // keep the default
  }
  const failed =
    command === 'package'
      ? `Modeldesk cannot be packaged: ${what} is not installed and could not be fetched`
      : `Modeldesk's desktop app cannot start: ${what} is not installed and could not be fetched`;
  const again =
    command === 'package' ? '`npm run package`' : `\`npm ${command === 'dev' ? 'run dev' : 'start'}\``;
  const text = [
    `${failed} (${missing.reason}${missing.url ? `, fetching ${missing.url}` : ''}).`,
    'The same app runs in your browser without Electron: `npm run serve`, then open the address it prints',
    '(add `-- --emulator` to try it without any provider key).',
    `To fetch Electron later, on a network that reaches ${host}, run \`npx install-electron\` or ${again} again`,
    '(behind a proxy set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY; for a mirror set ELECTRON_MIRROR)',
    command === 'package'
      ? '; packaging also downloads electron-builder’s tools, so it needs that network too.'
      : '.',
  ].join(' ');
  return wrap(text.replace(/ ([.;])/g, '$1'), 100);
}
