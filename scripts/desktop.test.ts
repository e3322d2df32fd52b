/**
 * `npm start`, `npm run dev` and `npm run package` (scripts/desktop.mjs) on a fresh machine, both branches:
 * - Electron's binary fetched through Electron's own lazy path (a local mirror serving a zip of a stand-in
 *   executable, through Electron's real installer), or given by ELECTRON_OVERRIDE_DIST_PATH, then launched by
 *   electron-vite; the stand-in records how it was launched (arguments, folder, environment);
 * - no binary and no way to fetch it: this machine as it is (no internet), a refused connection, a server that
 *   never answers (a silent firewall) and a download that stalls. Each stops within a bounded time with exit code
 *   1 and one paragraph: what failed, `npm run serve`, how to fetch Electron later; never a stack trace.
 *
 * Each test runs the launcher in a temporary copy of the project whose `node_modules/electron` is a real copy (so
 * a fetched binary never lands in this checkout) and whose other packages are links to this checkout's.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it, type TestContext } from 'vitest';

const root = join(import.meta.dirname, '..');
const electronVersion: string = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;
/** Where Electron's installer expects the executable inside the zip (its getPlatformPath). */
const executableInZip = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';

/** A stand-in for Electron's executable: records its arguments, folder and environment, exits with a chosen code. */
const STAND_IN = `#!/usr/bin/env node
process.getBuiltinModule('node:fs').writeFileSync(
  process.env.MODELDESK_STAND_IN_RECORD,
  JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env }),
);
process.exit(Number(process.env.MODELDESK_STAND_IN_EXIT_CODE || 0));
`;

type Launch = { code: number | null; stdout: string; stderr: string; ms: number };
type Recorded = { argv: string[]; cwd: string; env: Record<string, string> };

type Cleanup = TestContext['onTestFinished'];

function temporaryProject(cleanup: Cleanup) {
  const dir = mkdtempSync(join(tmpdir(), 'modeldesk-desktop-'));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === 'electron' || entry === '.bin') continue;
    symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  // Electron's package as npm installs it without scripts: no dist/, no path.txt.
  cpSync(join(root, 'node_modules/electron'), join(dir, 'node_modules/electron'), {
    recursive: true,
    filter: (source) => !/[/\\](dist|path\.txt)$/.test(source),
  });
  // electron-vite checks that package.json's main exists before it launches; the stand-in never runs it.
  mkdirSync(join(dir, 'out/main'), { recursive: true });
  writeFileSync(
    join(dir, 'out/main/index.js'),
    '// the Electron stand-in only records how it was launched\n',
  );
  return {
    dir,
    record: join(dir, 'launched.json'),
    cache: join(dir, 'electron-cache'),
    electronDir: join(dir, 'node_modules/electron'),
  };
}

function standInDist(dir: string): string {
  const dist = join(dir, 'stand-in-dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'electron'), STAND_IN, { mode: 0o755 });
  return dist;
}

/** The environment of a person's shell, without any Electron or npm setting that would point elsewhere. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/electron|^npm_/i.test(key) && key !== 'NODE_OPTIONS'),
  );
  return { ...env, ...extra };
}

function launch(dir: string, args: string[], env: NodeJS.ProcessEnv, limitMs = 60_000): Promise<Launch> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'scripts/desktop.mjs'), ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the launcher did not finish within ${limitMs} ms\n${stdout}\n${stderr}`));
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function expectOneParagraph(stderr: string, command: 'start' | 'dev' | 'package', reason: RegExp) {
  const paragraph = stderr.trim();
  expect(paragraph).not.toMatch(/\n\s*\n/);
  expect(paragraph).not.toMatch(/^\s+at /m);
  expect(paragraph).not.toMatch(/Error:/);
  expect(paragraph).toMatch(
    command === 'package' ? /^Modeldesk cannot be packaged/ : /^Modeldesk's desktop app cannot start/,
  );
  expect(paragraph).toContain(`Electron ${electronVersion} for ${process.platform}-${process.arch}`);
  expect(paragraph.replace(/\s+/g, ' ')).toMatch(reason);
  expect(paragraph).toContain('`npm run serve`');
  expect(paragraph).toContain('`npx install-electron`');
}

async function listen(server: Server | TcpServer, cleanup?: Cleanup): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup?.(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A zip (stored, no compression) with Unix modes, as Electron's release zips carry them. */
function zip(files: Array<{ name: string; data: Buffer; mode: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(file.data.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | file.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, file.data);
    centrals.push(central, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const unixOnly = process.platform === 'win32' ? it.skip : it;
/** Each test starts Node three times per launch (launcher, Electron's lazy path, its installer): slow when the machine is busy. */
const LAUNCH_TESTS = { timeout: 120_000 };

describe('Electron found or fetched, then launched', LAUNCH_TESTS, () => {
  unixOnly(
    'starts the binary ELECTRON_OVERRIDE_DIST_PATH names, through electron-vite, with the app entry and arguments',
    async ({ onTestFinished }) => {
      const project = temporaryProject(onTestFinished);
      const env = baseEnv({
        ELECTRON_OVERRIDE_DIST_PATH: standInDist(project.dir),
        MODELDESK_STAND_IN_RECORD: project.record,
        MODELDESK_STAND_IN_EXIT_CODE: '7',
        MODELDESK_DATA_DIR: join(project.dir, 'data'),
        electron_config_cache: project.cache,
      });
      const run = await launch(project.dir, ['start', '--skipBuild', '--', '--data-dir', '/tmp/x'], env);
      expect(run.stderr).toBe('');
      // The command ends with the app's own exit code.
      expect(run.code).toBe(7);
      const launched = JSON.parse(readFileSync(project.record, 'utf8')) as Recorded;
      // `.` is the project: Electron reads package.json's main (out/main/index.js); the app's own arguments follow.
      expect(launched.argv).toEqual(['.', '--data-dir', '/tmp/x']);
      expect(launched.cwd).toBe(project.dir);
      expect(launched.env.MODELDESK_DATA_DIR).toBe(join(project.dir, 'data'));
      expect(launched.env.ELECTRON_EXEC_PATH).toBe(join(env.ELECTRON_OVERRIDE_DIST_PATH!, 'electron'));
      // The download guard is for Electron's installer only, never for the app.
      expect(launched.env.NODE_OPTIONS ?? '').not.toContain('electron-fetch-guard');
      // Nothing was fetched: the override is used as it is.
      expect(existsSync(join(project.electronDir, 'dist'))).toBe(false);
    },
  );

  unixOnly(
    'fetches a missing binary through Electron’s own installer, from the mirror it is told, then launches it',
    async ({ onTestFinished }) => {
      const project = temporaryProject(onTestFinished);
      const archive = zip([
        { name: executableInZip, data: Buffer.from(STAND_IN), mode: 0o755 },
        { name: 'version', data: Buffer.from(`v${electronVersion}`), mode: 0o644 },
      ]);
      const sha = createHash('sha256').update(archive).digest('hex');
      const served: string[] = [];
      const mirror = createServer((request, response) => {
        served.push(request.url ?? '');
        if (request.url === `/v${electronVersion}/${zipName}`) {
          response.writeHead(200, { 'content-length': archive.length });
          response.end(archive);
        } else if (request.url === `/v${electronVersion}/SHASUMS256.txt`) {
          response.end(`${sha} *${zipName}\n`);
        } else {
          response.writeHead(404).end();
        }
      });
      const port = await listen(mirror, onTestFinished);
      const env = baseEnv({
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        // The stand-in zip is not Electron's, so its checksum comes from the mirror, not Electron's own list.
        electron_use_remote_checksums: '1',
        electron_config_cache: project.cache,
        MODELDESK_STAND_IN_RECORD: project.record,
      });
      const run = await launch(project.dir, ['start', '--skipBuild'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(served).toEqual([`/v${electronVersion}/${zipName}`, `/v${electronVersion}/SHASUMS256.txt`]);
      expect(run.stdout).toContain('Downloading Electron binary');
      // Electron's installer unpacked it into its own package and wrote path.txt, as on a fresh machine.
      const installed = join(project.electronDir, 'dist', executableInZip);
      expect(readFileSync(join(project.electronDir, 'path.txt'), 'utf8')).toBe(executableInZip);
      const launched = JSON.parse(readFileSync(project.record, 'utf8')) as Recorded;
      expect(launched.argv).toEqual(['.']);
      expect(launched.env.ELECTRON_EXEC_PATH).toBe(installed);

      // The next start finds it and fetches nothing.
      served.length = 0;
      rmSync(project.record);
      const again = await launch(project.dir, ['start', '--skipBuild'], env);
      expect(again.code).toBe(0);
      expect(served).toEqual([]);
      expect(again.stdout).not.toContain('Downloading');
      expect(existsSync(project.record)).toBe(true);
    },
  );
});

describe.concurrent(
  'no binary and no way to fetch it: one paragraph, exit code 1, within a bounded time',
  LAUNCH_TESTS,
  () => {
    it('on this machine as it is (no internet), for start, dev and package', async (context) => {
      const offline = await lookup('github.com').then(
        () => false,
        () => true,
      );
      if (!offline) {
        context.skip(
          'SKIPPED: github.com resolves here, so this machine is not offline; the refused, silent and stalled ' +
            'connections below cover the same path.',
        );
      }
      const project = temporaryProject(context.onTestFinished);
      for (const command of ['start', 'dev', 'package'] as const) {
        const run = await launch(project.dir, [command], baseEnv({ electron_config_cache: project.cache }));
        expect(run.code).toBe(1);
        expect(run.ms).toBeLessThan(45_000);
        expectOneParagraph(run.stderr, command, /could not be fetched \(.*github\.com/);
        const again = { start: '`npm start`', dev: '`npm run dev`', package: '`npm run package`' }[command];
        expect(run.stderr).toContain(again);
        expect(existsSync(join(project.electronDir, 'dist'))).toBe(false);
      }
    });

    it('a refused connection', async ({ onTestFinished }) => {
      const project = temporaryProject(onTestFinished);
      const closed = createTcpServer();
      const port = await listen(closed);
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const run = await launch(
        project.dir,
        ['start'],
        baseEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: project.cache }),
      );
      expect(run.code).toBe(1);
      expectOneParagraph(run.stderr, 'start', new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
      expect(run.stderr.replace(/\s+/g, ' ')).toContain(`on a network that reaches 127.0.0.1:${port}`);
    });

    it('a server that never answers (a silent firewall) is given up on after the answer bound', async ({
      onTestFinished,
    }) => {
      const project = temporaryProject(onTestFinished);
      const sockets = new Set<Socket>();
      const silent = createTcpServer((socket) => sockets.add(socket));
      const port = await listen(silent, onTestFinished);
      onTestFinished(() => sockets.forEach((s) => s.destroy()));
      const run = await launch(
        project.dir,
        ['dev'],
        baseEnv({
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
          electron_config_cache: project.cache,
          MODELDESK_ELECTRON_ANSWER_TIMEOUT_MS: '1500',
        }),
      );
      expect(sockets.size).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      expect(run.ms).toBeGreaterThanOrEqual(1500);
      expect(run.ms).toBeLessThan(45_000);
      expectOneParagraph(
        run.stderr,
        'dev',
        new RegExp(`no answer from 127\\.0\\.0\\.1:${port} within 1\\.5 s`),
      );
    });

    it('a download that stops sending is given up on after the stall bound', async ({ onTestFinished }) => {
      const project = temporaryProject(onTestFinished);
      const stalled = createServer((_request, response) => {
        response.writeHead(200, { 'content-length': 10_000_000 });
        response.write(Buffer.alloc(64 * 1024));
      });
      onTestFinished(() => stalled.closeAllConnections());
      const port = await listen(stalled, onTestFinished);
      const run = await launch(
        project.dir,
        ['package'],
        baseEnv({
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
          electron_config_cache: project.cache,
          MODELDESK_ELECTRON_STALL_TIMEOUT_MS: '1500',
        }),
      );
      expect(run.code).toBe(1);
      expect(run.ms).toBeLessThan(45_000);
      expectOneParagraph(run.stderr, 'package', /stopped: no data for 1\.5 s/);
      expect(run.stderr).toContain('electron-builder’s tools');
    });

    it('a mirror that does not have it', async ({ onTestFinished }) => {
      const project = temporaryProject(onTestFinished);
      const empty = createServer((_request, response) => response.writeHead(404, 'Not Found').end());
      const port = await listen(empty, onTestFinished);
      const run = await launch(
        project.dir,
        ['start'],
        baseEnv({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, electron_config_cache: project.cache }),
      );
      expect(run.code).toBe(1);
      expectOneParagraph(run.stderr, 'start', /the server answered 404 Not Found/);
    });
  },
);
