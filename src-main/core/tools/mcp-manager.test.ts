/**
 * The MCP manager against real servers nobody here wrote (the reference `server-filesystem` on a temporary folder,
 * `server-everything` over stdio and Streamable HTTP) and against our deliberately broken server: start on first
 * use, tools, calls, results bounded to text, every failure with its own message, Stop, idle stop, and no process
 * left behind when the manager is disposed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { McpServerSettingsSchema, type McpServerSettings, type McpServerStatus } from '@contract/tools';
import { createRedactor } from '../redaction/redact';
import { McpManager } from './mcp-manager';
import type { ResolvedSecrets } from './mcp-secrets';
import { isAlive } from './process-tree';
import { ToolFailure } from './tool-error';
import { RESULT_MAX_CHARS } from './tool-output';
import {
  BROKEN_SERVER,
  EVERYTHING_SERVER,
  FILESYSTEM_SERVER,
  memoryToolCache,
  nodeServer,
} from './testing/servers';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'modeldesk-mcp-'));
  writeFileSync(join(folder, 'notes.txt'), 'The launch code is PELICAN-42.\n');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const managers: McpManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.dispose()));
});

function setup(
  servers: McpServerSettings[],
  options: { secrets?: Record<string, Partial<ResolvedSecrets>>; idleMs?: number; known?: string[] } = {},
) {
  const list = [...servers];
  const statuses: Array<{ id: string; status: McpServerStatus }> = [];
  const known = options.known ?? [];
  const redactor = createRedactor({ secrets: () => known });
  const manager = new McpManager({
    servers: () => list,
    secrets: (server) => ({ env: {}, headers: {}, missing: [], locked: [], ...options.secrets?.[server.id] }),
    redact: (text) => redactor.redact(text),
    cache: memoryToolCache(),
    onStatus: (id, status) => statuses.push({ id, status }),
    ...(options.idleMs !== undefined ? { idleMs: () => options.idleMs as number } : {}),
  });
  managers.push(manager);
  return { manager, statuses, list };
}

async function failureOf(work: Promise<unknown>): Promise<ToolFailure> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ToolFailure) return error;
    throw error;
  }
  throw new Error('expected a ToolFailure');
}

const broken = (id: string, modes: string[] = [], extra: Parameters<typeof nodeServer>[3] = {}) =>
  nodeServer(id, BROKEN_SERVER, modes, extra);

describe('real MCP servers', () => {
  it('reads a file through server-filesystem, started on first use', async () => {
    const { manager, statuses } = setup([nodeServer('files', FILESYSTEM_SERVER, [folder])]);
    expect(manager.status('files').state).toBe('stopped');
    const tools = await manager.tools('files', { refresh: true });
    expect(tools.map((t) => t.name)).toContain('read_text_file');
    expect(statuses.map((s) => s.status.state)).toEqual(expect.arrayContaining(['starting', 'running']));
    const result = await manager.call('files', 'read_text_file', { path: join(folder, 'notes.txt') });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('PELICAN-42');
    // Outside the allowed folder: the tool says no, as a result the model reads (not a failure of ours).
    const outside = await manager.call('files', 'read_text_file', { path: '/etc/hostname' });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/access denied|outside allowed/i);
  });

  it('passes text only from server-everything, and none of Modeldesk’s environment', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-modeldesk-own-key-must-not-leak-1234';
    try {
      const { manager } = setup(
        [nodeServer('everything', EVERYTHING_SERVER, ['stdio'], { secretEnv: ['API_TOKEN'] })],
        {
          secrets: { everything: { env: { API_TOKEN: 'tok-for-the-server-5678' } } },
        },
      );
      const echo = await manager.call('everything', 'echo', { message: 'hello there' });
      expect(echo.text).toBe('Echo: hello there');
      const env = await manager.call('everything', 'get-env', {});
      expect(env.text).toContain('tok-for-the-server-5678');
      expect(env.text).not.toContain('sk-modeldesk-own-key');
      const image = await manager.call('everything', 'get-tiny-image', {});
      expect(image.omitted).toEqual([expect.stringMatching(/^image \(image\/png, [\d.]+ (KB|bytes)\)$/)]);
      expect(image.text).toContain('passes only text to the model');
      expect(image.text).not.toMatch(/iVBORw0KGgo/);
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('stops a long-running tool at once when asked (Stop), and the server goes on', async () => {
    const { manager } = setup([nodeServer('everything', EVERYTHING_SERVER, ['stdio'])]);
    await manager.tools('everything', { refresh: true });
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 300);
    const failure = await failureOf(
      manager.call(
        'everything',
        'trigger-long-running-operation',
        { duration: 20, steps: 4 },
        { signal: stop.signal },
      ),
    );
    expect(failure.info.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await manager.call('everything', 'get-sum', { a: 2, b: 3 })).text).toContain('5');
  });

  describe('over Streamable HTTP', () => {
    let child: ChildProcess;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      child = spawn(process.execPath, [EVERYTHING_SERVER, 'streamableHttp'], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('server-everything did not start')), 15_000);
        child.stderr?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('listening')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    });
    afterAll(() => {
      child.kill('SIGKILL');
    });

    it('connects with its headers and calls a tool', async () => {
      const server = McpServerSettingsSchema.parse({
        id: 'remote',
        name: 'Remote everything',
        transport: {
          kind: 'http',
          url: `http://127.0.0.1:${port}/mcp`,
          headers: { 'X-Team': 'blue' },
          secretHeaders: ['Authorization'],
        },
      });
      const { manager } = setup([server], {
        secrets: { remote: { headers: { Authorization: 'Bearer remote-token-1234' } } },
      });
      const test = await manager.test('remote');
      expect(test).toMatchObject({ ok: true, serverInfo: { name: expect.any(String) } });
      expect(test.tools).toBeGreaterThan(5);
      expect((await manager.call('remote', 'get-sum', { a: 20, b: 22 })).text).toContain('42');
    });

    it('says plainly when nothing answers at an address', async () => {
      const nothing = await freePort();
      const server = McpServerSettingsSchema.parse({
        id: 'nowhere',
        name: 'Nowhere',
        transport: { kind: 'http', url: `http://127.0.0.1:${nothing}/mcp`, headers: {}, secretHeaders: [] },
      });
      const { manager } = setup([server]);
      const result = await manager.test('nowhere');
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({
        kind: 'unreachable',
        message: expect.stringMatching(/Nothing answered/),
      });
    });
  });
});

describe('failures, each with a clear message, and nothing lost', () => {
  it('a program that does not exist', async () => {
    const server = McpServerSettingsSchema.parse({
      id: 'ghost',
      name: 'Ghost',
      transport: {
        kind: 'stdio',
        command: 'modeldesk-no-such-program-xyz',
        args: [],
        env: {},
        secretEnv: [],
      },
    });
    const { manager } = setup([server]);
    const failure = await failureOf(manager.tools('ghost', { refresh: true }));
    expect(failure.info).toMatchObject({
      kind: 'start_failed',
      message: expect.stringContaining('“modeldesk-no-such-program-xyz” was not found'),
      action: expect.stringContaining('full path'),
    });
    expect(manager.status('ghost')).toMatchObject({ state: 'failed', error: { kind: 'start_failed' } });
  });

  it('a working folder that does not exist', async () => {
    const server = broken('nofolder', [], {});
    server.transport = { ...server.transport, cwd: join(folder, 'missing') } as typeof server.transport;
    const { manager } = setup([server]);
    const failure = await failureOf(manager.call('nofolder', 'echo', { text: 'x' }));
    expect(failure.info.kind).toBe('start_failed');
    expect(failure.message).toContain('working folder');
  });

  it('a server that exits at start says what it wrote', async () => {
    const { manager } = setup([broken('exits', ['exit-at-start'])]);
    const failure = await failureOf(manager.call('exits', 'echo', { text: 'x' }));
    expect(failure.info.kind).toBe('start_failed');
    expect(failure.message).toContain('exited before it was ready');
    expect(failure.message).toContain('cannot open configuration file');
    expect(
      manager
        .log('exits')
        .map((l) => l.text)
        .join('\n'),
    ).toContain('fatal: cannot open configuration');
    // Started again, it quotes what this run wrote, not the runs before (the log keeps them all).
    const again = await failureOf(manager.call('exits', 'echo', { text: 'x' }));
    expect(again.message.match(/cannot open configuration file/g)).toHaveLength(1);
    const stderr = manager.log('exits').filter((l) => l.source === 'stderr');
    expect(stderr.filter((l) => l.text.includes('cannot open configuration'))).toHaveLength(2);
  });

  it('a server that hangs at start times out and is ended', async () => {
    const { manager } = setup([broken('hangs', ['hang-at-start'], { startTimeoutSeconds: 1 })]);
    const failure = await failureOf(manager.tools('hangs', { refresh: true }));
    expect(failure.info).toMatchObject({
      kind: 'start_timeout',
      message: expect.stringContaining('within 1 s'),
    });
    expect(manager.pids()).toEqual([]);
  });

  it('a server that answers the handshake with garbage', async () => {
    const { manager } = setup([broken('noise', ['garbage-at-start'], { startTimeoutSeconds: 2 })]);
    const failure = await failureOf(manager.tools('noise', { refresh: true }));
    // The SDK skips lines that are not JSON; the handshake answer itself is not valid MCP.
    expect(['start_failed', 'bad_response']).toContain(failure.info.kind);
    expect(failure.message).toMatch(/not (a )?valid MCP|could not start/);
    expect(manager.status('noise').state).toBe('failed');
    expect(manager.pids()).toEqual([]);
  });

  it('a server that crashes mid-call: the call fails plainly, the next one starts it again', async () => {
    const { manager, statuses } = setup([broken('crashy')]);
    expect((await manager.call('crashy', 'echo', { text: 'before' })).text).toBe('before');
    const failure = await failureOf(manager.call('crashy', 'crash', {}));
    expect(failure.info).toMatchObject({
      kind: 'crashed',
      message: expect.stringContaining('segmentation fault'),
    });
    await waitFor(() => manager.status('crashy').state === 'failed');
    expect(statuses.some((s) => s.status.state === 'failed' && s.status.error?.kind === 'crashed')).toBe(
      true,
    );
    expect((await manager.call('crashy', 'echo', { text: 'after' })).text).toBe('after');
    expect(manager.status('crashy').state).toBe('running');
  });

  it('a call that hangs past the timeout is cancelled on the server', async () => {
    const { manager } = setup([broken('slowpoke', [], { callTimeoutSeconds: 1 })]);
    const failure = await failureOf(manager.call('slowpoke', 'hang', {}));
    expect(failure.info).toMatchObject({ kind: 'timeout', message: expect.stringContaining('within 1 s') });
    await waitFor(() => manager.log('slowpoke').some((l) => l.text.includes('cancelled request')));
    expect((await manager.call('slowpoke', 'echo', { text: 'still here' })).text).toBe('still here');
  });

  it('Stop ends a hanging call at once and tells the server', async () => {
    const { manager } = setup([broken('stoppable')]);
    await manager.tools('stoppable', { refresh: true });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const failure = await failureOf(manager.call('stoppable', 'hang', {}, { signal: stop.signal }));
    expect(failure.info.kind).toBe('aborted');
    await waitFor(() => manager.log('stoppable').some((l) => l.text.includes('cancelled request')));
  });

  it('a result that is not MCP', async () => {
    const { manager } = setup([broken('garbled')]);
    const failure = await failureOf(manager.call('garbled', 'garbage', {}));
    expect(failure.info).toMatchObject({
      kind: 'bad_response',
      message: expect.stringContaining('not a valid MCP'),
    });
    expect(manager.log('garbled').some((l) => l.level === 'error' && l.text.startsWith('garbage:'))).toBe(
      true,
    );
    expect((await manager.call('garbled', 'echo', { text: 'fine' })).text).toBe('fine');
  });

  it('a huge result is cut to the limit, saying so', async () => {
    const { manager } = setup([broken('big')]);
    const result = await manager.call('big', 'huge', { chars: 300_000 });
    expect(result.truncated).toBe(true);
    expect(result.fullChars).toBe(300_000);
    expect(result.text.length).toBeLessThan(RESULT_MAX_CHARS + 200);
    expect(result.text).toContain('Modeldesk cut this result: the tool returned 300,000 characters');
  });

  it('a tool that reports an error is a result, not a failure', async () => {
    const { manager } = setup([broken('failing')]);
    const result = await manager.call('failing', 'fail', {});
    expect(result).toMatchObject({ isError: true, text: 'The file is locked.' });
  });

  it('a missing secret stops the start before anything runs', async () => {
    const { manager } = setup([broken('needs', [], { secretEnv: ['SECRET_TOKEN'] })], {
      secrets: { needs: { missing: ['SECRET_TOKEN'] } },
    });
    const failure = await failureOf(manager.call('needs', 'echo', { text: 'x' }));
    expect(failure.info).toMatchObject({
      kind: 'missing_secret',
      message: expect.stringContaining('SECRET_TOKEN'),
    });
    expect(manager.log('needs').some((l) => l.text.startsWith('Starting'))).toBe(false);
  });

  it('a secret reaches the server but never its log', async () => {
    const secret = 'tok-9f8e7d6c5b4a3210';
    const { manager } = setup([broken('secretive', ['stderr-secret'], { secretEnv: ['SECRET_TOKEN'] })], {
      secrets: { secretive: { env: { SECRET_TOKEN: secret } } },
      known: [secret],
    });
    expect((await manager.call('secretive', 'env', { name: 'SECRET_TOKEN' })).text).toBe(secret);
    const log = manager
      .log('secretive')
      .map((l) => l.text)
      .join('\n');
    expect(log).toContain('using token [REDACTED]');
    expect(log).not.toContain(secret);
  });

  it('a tool turned off in Settings is refused', async () => {
    const { manager } = setup([broken('partial', [], { disabledTools: ['crash'] })]);
    const failure = await failureOf(manager.call('partial', 'crash', {}));
    expect(failure.info).toMatchObject({ kind: 'not_found', message: expect.stringContaining('turned off') });
  });
});

describe('life cycle', () => {
  it('stops a server after its idle time', async () => {
    const { manager } = setup([broken('idle')], { idleMs: 300 });
    await manager.call('idle', 'echo', { text: 'x' });
    const [pid] = manager.pids();
    expect(pid).toBeDefined();
    await waitFor(() => manager.status('idle').state === 'stopped');
    await waitFor(() => !isAlive(pid as number));
    expect(manager.log('idle').at(-1)?.text).toMatch(/Stopped after \d+ minutes? without a call/);
  });

  it('restarts with new settings after they change', async () => {
    const { manager, list } = setup([broken('changing')]);
    await manager.call('changing', 'echo', { text: 'x' });
    const [first] = manager.pids();
    list[0] = broken('changing', ['stderr-secret']);
    await manager.settingsChanged();
    expect(manager.status('changing').state).toBe('stopped');
    await manager.call('changing', 'echo', { text: 'y' });
    expect(manager.pids()[0]).not.toBe(first);
  });

  it('leaves no process behind on dispose: not a stubborn server, not what a server started', async () => {
    const { manager } = setup([
      broken('plain'),
      broken('stubborn', ['ignore-sigterm']),
      broken('parent', ['spawn-child']),
      nodeServer('files', FILESYSTEM_SERVER, [folder]),
    ]);
    await Promise.all(
      ['plain', 'stubborn', 'parent', 'files'].map((id) => manager.tools(id, { refresh: true })),
    );
    const pids = manager.pids();
    expect(pids).toHaveLength(4);
    await waitFor(() => manager.log('parent').some((l) => /child \d+/.test(l.text)));
    const grandchild = Number(
      /child (\d+)/.exec(
        manager
          .log('parent')
          .map((l) => l.text)
          .join('\n'),
      )?.[1],
    );
    expect(isAlive(grandchild)).toBe(true);
    await manager.dispose();
    await waitFor(() => [...pids, grandchild].every((pid) => !isAlive(pid)));
    expect([...pids, grandchild].filter(isAlive)).toEqual([]);
    await expect(manager.call('plain', 'echo', { text: 'x' })).rejects.toMatchObject({
      info: { kind: 'aborted' },
    });
  }, 30_000);
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
