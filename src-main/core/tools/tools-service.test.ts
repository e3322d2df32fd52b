/**
 * Settings → Tools through the bridge of a real core: a reference MCP server added, tested, listed with its state
 * and log; secrets that go into the vault and never come back (not in a bridge answer, an event, the settings
 * file, the vault file or the log); an `mcpServers` import with its preview; the tools a conversation may use,
 * from its profile or its own choice; and no server process left when the core is disposed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, CallOutput, EventName } from '@contract/bridge';
import type { McpServerSettingsInput } from '@contract/tools';
import { createAppCore, type AppCore } from '../app-core';
import { isAlive } from './process-tree';
import { BROKEN_SERVER, FILESYSTEM_SERVER } from './testing/servers';

const SECRET = 'tok-secret-value-8c1f2e9a7b';
const HEADER_SECRET = 'Bearer hdr-secret-5d4c3b2a19';

let dataDir: string;
let folder: string;
let core: AppCore | undefined;
let received: Array<{ name: EventName; payload: unknown }>;

type Call = <N extends CallName>(name: N, input: CallInput<N>) => Promise<CallOutput<N>>;

async function open(
  confirmToolServer?: Parameters<typeof createAppCore>[0]['confirmToolServer'],
): Promise<Call> {
  core = await createAppCore({
    ...(confirmToolServer ? { confirmToolServer } : {}),
    host: 'web',
    dataDir,
    env: {},
    version: 'test',
    platform: 'linux',
    vault: { kind: 'passphrase-file', passphrase: 'correct horse battery staple' },
    openExternal: async () => ({ opened: false }),
    healthCheckIntervalMs: 0,
  });
  received = [];
  core.events.subscribe(({ name, payload }) => received.push({ name, payload }));
  const opened = core;
  return async (name, input) => {
    const result = await opened.router.dispatch(name, input, { clientId: 'w' });
    if (!result.ok)
      throw Object.assign(new Error(`${name}: ${result.error.message}`), { info: result.error });
    return result.value as never;
  };
}

const stdio = (id: string, args: string[], extra: Partial<McpServerSettingsInput> = {}) => ({
  id,
  name: `Server ${id}`,
  transport: { kind: 'stdio' as const, command: process.execPath, args, env: {}, secretEnv: [] },
  ...extra,
});

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'modeldesk-tools-data-'));
  folder = mkdtempSync(join(tmpdir(), 'modeldesk-tools-files-'));
  writeFileSync(join(folder, 'notes.txt'), 'The launch code is PELICAN-42.\n');
});

afterEach(async () => {
  await core?.dispose();
  core = undefined;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe('Settings → Tools through the bridge', () => {
  it('adds the filesystem server, tests it, and shows its state, tools and log', async () => {
    const call = await open();
    const added = await call('mcp.upsert', { server: stdio('files', [FILESYSTEM_SERVER, folder]) });
    expect(added.status).toMatchObject({ state: 'stopped', tools: [] });
    const test = await call('mcp.test', { id: 'files' });
    expect(test).toMatchObject({ ok: true, serverInfo: { name: 'secure-filesystem-server' } });
    const [view] = await call('mcp.list', {});
    expect(view?.status.state).toBe('running');
    expect(view?.status.tools.map((t) => t.name)).toContain('read_text_file');
    expect(view?.status.pid).toBeGreaterThan(0);
    const states = received
      .filter((e) => e.name === 'mcp.changed')
      .map((e) => (e.payload as { status: { state: string } }).status.state);
    expect(states).toEqual(expect.arrayContaining(['starting', 'running']));
    const { lines } = await call('mcp.log', { id: 'files' });
    expect(lines[0]?.text).toContain(`Starting: ${process.execPath}`);
    expect(lines.some((l) => l.source === 'stderr' && l.text.includes('Secure MCP Filesystem Server'))).toBe(
      true,
    );
    await call('mcp.stop', { id: 'files' });
    expect((await call('mcp.list', {}))[0]?.status).toMatchObject({ state: 'stopped' });
    // Stopped, its tools are still known (for the profile editor and the composer).
    expect((await call('mcp.list', {}))[0]?.status.tools.length).toBeGreaterThan(5);
  });

  it('keeps secrets in the vault: never in an answer, an event, the settings, the vault file or the log', async () => {
    const call = await open();
    const server = stdio('secretive', [BROKEN_SERVER, 'stderr-secret'], {
      transport: {
        kind: 'stdio',
        command: process.execPath,
        args: [BROKEN_SERVER, 'stderr-secret'],
        env: { LOG_LEVEL: 'debug' },
        secretEnv: ['SECRET_TOKEN'],
      },
    });
    const view = await call('mcp.upsert', { server, secrets: { env: { SECRET_TOKEN: SECRET } } });
    expect(view.secrets).toEqual([{ where: 'env', name: 'SECRET_TOKEN', last4: SECRET.slice(-4) }]);
    expect((await call('mcp.test', { id: 'secretive' })).ok).toBe(true);
    const { lines } = await call('mcp.log', { id: 'secretive' });
    expect(lines.map((l) => l.text).join('\n')).toContain('using token [REDACTED]');
    const http = {
      id: 'remote',
      name: 'Remote',
      transport: {
        kind: 'http' as const,
        url: 'http://127.0.0.1:9/mcp',
        headers: { 'X-Team': 'blue' },
        secretHeaders: ['Authorization'],
      },
    };
    await call('mcp.upsert', { server: http, secrets: { headers: { Authorization: HEADER_SECRET } } });
    const answers = JSON.stringify([await call('mcp.list', {}), lines, received]);
    await core?.dispose();
    core = undefined;
    for (const file of allFiles(dataDir)) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(SECRET);
      expect(text, file).not.toContain('hdr-secret-5d4c3b2a19');
    }
    expect(answers).not.toContain(SECRET);
    expect(answers).not.toContain('hdr-secret');
    // Reopened with the passphrase, the values are still there (encrypted at rest, not lost).
    const again = await open();
    const [remote, secretive] = (await again('mcp.list', {})).sort((a, b) => a.id.localeCompare(b.id));
    expect(remote?.secrets).toEqual([{ where: 'header', name: 'Authorization', last4: '2a19' }]);
    expect(secretive?.secrets[0]?.last4).toBe(SECRET.slice(-4));
    expect((await again('mcp.test', { id: 'secretive' })).ok).toBe(true);
  });

  it('refuses a credential header kept in plain settings, saying to mark it secret', async () => {
    const call = await open();
    const server = {
      id: 'plain',
      name: 'Plain',
      transport: {
        kind: 'http' as const,
        url: 'https://example.com/mcp',
        headers: { Authorization: 'Bearer abcdef' },
        secretHeaders: [],
      },
    };
    await expect(call('mcp.upsert', { server })).rejects.toMatchObject({
      info: { kind: 'bad_request', action: expect.stringContaining('Mark it secret') },
    });
  });

  it('saves a new or changed program or address only once the user allowed it outside the window', async () => {
    const asked: string[] = [];
    let allow = false;
    const call = await open(async (request) => {
      asked.push(request.launch);
      return allow;
    });
    const server = {
      ...stdio('files', [FILESYSTEM_SERVER, folder]),
      transport: {
        kind: 'stdio' as const,
        command: process.execPath,
        args: [FILESYSTEM_SERVER, folder],
        env: {},
        secretEnv: ['TOKEN'],
      },
    };
    await expect(call('mcp.upsert', { server, secrets: { env: { TOKEN: SECRET } } })).rejects.toMatchObject({
      info: {
        kind: 'permission',
        message: expect.stringContaining('you did not allow “Server files” to run'),
      },
    });
    expect(await call('mcp.list', {})).toEqual([]);
    expect(asked[0]).toContain(`${process.execPath} ${FILESYSTEM_SERVER} ${folder}`);
    expect(asked[0]).toContain('secret variables: TOKEN');
    allow = true;
    await call('mcp.upsert', { server, secrets: { env: { TOKEN: SECRET } } });
    expect((await call('mcp.list', {}))[0]?.secrets[0]?.last4).toBe(SECRET.slice(-4));
    // Trust and tools turned off change nothing that runs: no question.
    await call('mcp.upsert', { server: { ...server, trusted: true, disabledTools: ['write_file'] } });
    expect(asked).toHaveLength(2);
    // A changed environment changes what runs (NODE_OPTIONS could load any code): asked again.
    allow = false;
    const changed = {
      ...server,
      transport: { ...server.transport, env: { NODE_OPTIONS: '--require /tmp/x.js' } },
    };
    await expect(call('mcp.upsert', { server: changed })).rejects.toMatchObject({
      info: { kind: 'permission' },
    });
    expect(asked[2]).toContain('environment: NODE_OPTIONS=--require /tmp/x.js');
    expect((await call('mcp.list', {}))[0]?.transport).toMatchObject({ env: {} });
    const file = JSON.stringify({ mcpServers: { other: { command: 'node', args: ['x.js'] } } });
    expect(await call('mcp.import', { content: file, keys: ['other'] })).toEqual({
      imported: [],
      skipped: [{ key: 'other', reason: 'You did not allow it to run.' }],
    });
  });

  it('refuses unbounded input', async () => {
    const call = await open();
    const many = stdio(
      'many',
      Array.from({ length: 101 }, (_, i) => `arg${i}`),
    );
    await expect(call('mcp.upsert', { server: many })).rejects.toMatchObject({
      info: { kind: 'bad_request' },
    });
    await expect(call('mcp.importPreview', { content: 'x'.repeat(1_000_001) })).rejects.toMatchObject({
      info: { kind: 'bad_request' },
    });
    await expect(call('mcp.test', { id: '../etc' })).rejects.toMatchObject({ info: { kind: 'bad_request' } });
  });

  it('imports an mcpServers block after a preview that shows no secret value', async () => {
    const call = await open();
    const file = JSON.stringify({
      mcpServers: {
        filesystem: {
          command: process.execPath,
          args: [FILESYSTEM_SERVER, folder],
          env: { LOG_LEVEL: 'debug', GITHUB_TOKEN: 'ghp_importedtoken123456' },
        },
        'Remote Docs': { url: 'https://docs.example.com/mcp', headers: { Authorization: HEADER_SECRET } },
        legacy: { url: 'https://old.example.com/sse', type: 'sse' },
        broken: { args: [1, 2] },
      },
    });
    const preview = await call('mcp.importPreview', { content: file });
    expect(preview.problems).toEqual([]);
    expect(JSON.stringify(preview)).not.toContain('ghp_importedtoken');
    expect(JSON.stringify(preview)).not.toContain('hdr-secret');
    const byKey = Object.fromEntries(preview.entries.map((e) => [e.key, e]));
    expect(byKey.filesystem).toMatchObject({
      id: 'filesystem',
      kind: 'stdio',
      secretNames: ['GITHUB_TOKEN'],
      plainNames: ['LOG_LEVEL'],
      problems: [],
    });
    expect(byKey['Remote Docs']).toMatchObject({
      id: 'remote-docs',
      kind: 'http',
      secretNames: ['Authorization'],
    });
    expect(byKey.filesystem?.warnings).toEqual([]);
    expect(byKey.legacy?.problems[0]).toContain('older HTTP+SSE transport');
    expect(byKey.broken?.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('command is missing')]),
    );
    const result = await call('mcp.import', { content: file, keys: ['filesystem', 'Remote Docs', 'legacy'] });
    expect(result.imported).toEqual(['filesystem', 'remote-docs']);
    expect(result.skipped).toEqual([{ key: 'legacy', reason: expect.stringContaining('SSE') }]);
    const list = await call('mcp.list', {});
    expect(list.find((s) => s.id === 'filesystem')?.secrets).toEqual([
      { where: 'env', name: 'GITHUB_TOKEN', last4: '3456' },
    ]);
    expect((await call('mcp.test', { id: 'filesystem' })).ok).toBe(true);
    // Removed, its secrets go with it: added again under the same id, it has none.
    const imported = list.find((s) => s.id === 'filesystem');
    if (!imported) throw new Error('not imported');
    await call('mcp.remove', { id: 'filesystem' });
    const { secrets: _secrets, status: _status, ...settings } = imported;
    expect((await call('mcp.upsert', { server: settings })).secrets).toEqual([
      { where: 'env', name: 'GITHUB_TOKEN', last4: null },
    ]);
    expect(await call('mcp.test', { id: 'filesystem' })).toMatchObject({
      ok: false,
      error: { kind: 'missing_secret', message: expect.stringContaining('GITHUB_TOKEN') },
    });
    // Again: it exists now, and is replaced only when asked.
    const again = await call('mcp.import', { content: file, keys: ['filesystem'] });
    expect(again.skipped[0]?.reason).toContain('exists already');
    expect((await call('mcp.importPreview', { content: '{"mcpServers": [' })).problems[0]?.message).toContain(
      'not JSON',
    );
    expect((await call('mcp.importPreview', { content: '{"servers": 3}' })).problems[0]?.message).toContain(
      'no "mcpServers" object',
    );
  });

  it('warns, without quoting it, when a server’s command line carries a secret that would stay in plain text', async () => {
    const call = await open();
    const file = JSON.stringify({
      mcpServers: {
        flag: { command: 'search-server', args: ['--api-key', 'plain-value-7f3a', '--verbose'] },
        joined: { command: 'search-server', args: ['--token=abc123xyz', '--port', '8080'] },
        bare: { command: 'search-server', args: ['serve', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345'] },
        clean: { command: 'search-server', args: ['--port', '8080', '--read-only'] },
        glued: {
          command: 'search-server',
          args: ['--auth-sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', 'on'],
        },
      },
    });
    const preview = await call('mcp.importPreview', { content: file });
    const byKey = Object.fromEntries(preview.entries.map((e) => [e.key, e]));
    expect(byKey.flag?.warnings[0]).toContain('(--api-key)');
    expect(byKey.joined?.warnings[0]).toContain('(--token)');
    expect(byKey.bare?.warnings[0]).toContain('(argument 2)');
    expect(byKey.clean?.warnings).toEqual([]);
    for (const entry of preview.entries) {
      expect(entry.problems).toEqual([]);
      if (entry.key !== 'clean') expect(entry.warnings[0]).toContain('move it to "env"');
    }
    expect(byKey.glued?.warnings).toHaveLength(1);
    const shown = JSON.stringify(preview);
    for (const secret of ['plain-value-7f3a', 'abc123xyz', 'sk-ant-api03'])
      expect(shown).not.toContain(secret);
  });

  it('chooses tools per profile and per conversation', async () => {
    const call = await open();
    await call('mcp.upsert', {
      server: stdio('files', [FILESYSTEM_SERVER, folder], { disabledTools: ['write_file'] }),
    });
    await call('mcp.test', { id: 'files' });
    const listed = (await call('mcp.list', {}))[0]?.status.tools.length ?? 0;
    const [base] = await call('profiles.list', {});
    if (!base) throw new Error('no profile');
    const { builtin: _builtin, ...rest } = base;
    await call('profiles.upsert', {
      profile: {
        ...rest,
        id: 'with-files',
        name: 'With files',
        tools: { servers: [{ server: 'files', tools: 'all' }] },
      },
    });
    const conversation = await call('conversations.create', { profileId: 'with-files' });
    const fromProfile = await call('tools.choice', { conversationId: conversation.id });
    expect(fromProfile.source).toBe('profile');
    expect(fromProfile.onCount).toBe(listed - 1); // write_file is turned off in Settings
    const files = fromProfile.servers.find((s) => s.id === 'files');
    expect(files?.tools.find((t) => t.name === 'write_file')).toMatchObject({ disabled: true, on: false });
    const own = await call('tools.setConversationChoice', {
      conversationId: conversation.id,
      choice: {
        servers: [
          { server: 'files', tools: ['read_text_file'] },
          { server: 'gone', tools: 'all' },
        ],
      },
    });
    expect(own).toMatchObject({ source: 'conversation', onCount: 1 });
    expect(own.servers.find((s) => s.id === 'gone')).toMatchObject({ missing: true });
    const back = await call('tools.setConversationChoice', { conversationId: conversation.id, choice: null });
    expect(back.source).toBe('profile');
    const none = await call('tools.choice', { target: { profileId: 'default' } });
    expect(none).toMatchObject({ source: 'none', onCount: 0 });
    await expect(
      call('tools.setConversationChoice', { conversationId: 'nope', choice: null }),
    ).rejects.toMatchObject({ info: { kind: 'not_found' } });
  });

  it('removes a server with its secrets, and leaves no process behind on dispose', async () => {
    const call = await open();
    await call('mcp.upsert', {
      server: stdio('files', [FILESYSTEM_SERVER, folder]),
    });
    await call('mcp.upsert', {
      server: {
        ...stdio('stubborn', [BROKEN_SERVER, 'ignore-sigterm', 'spawn-child']),
        transport: {
          kind: 'stdio',
          command: process.execPath,
          args: [BROKEN_SERVER, 'ignore-sigterm', 'spawn-child'],
          env: {},
          secretEnv: ['SECRET_TOKEN'],
        },
      },
      secrets: { env: { SECRET_TOKEN: SECRET } },
    });
    await call('mcp.test', { id: 'files' });
    await call('mcp.test', { id: 'stubborn' });
    const pids = (await call('mcp.list', {})).map((s) => s.status.pid as number);
    const { lines } = await call('mcp.log', { id: 'stubborn' });
    const grandchild = Number(/child (\d+)/.exec(lines.map((l) => l.text).join('\n'))?.[1]);
    expect([...pids, grandchild].every(isAlive)).toBe(true);
    await call('mcp.remove', { id: 'files' });
    expect(received.at(-1)).toEqual({ name: 'mcp.changed', payload: { id: 'files', status: null } });
    expect(isAlive(pids[0] as number)).toBe(false);
    await core?.dispose();
    core = undefined;
    expect([...pids, grandchild].filter(isAlive)).toEqual([]);
  }, 30_000);
});
