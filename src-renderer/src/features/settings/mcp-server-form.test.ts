import { describe, expect, it } from 'vitest';
import type { McpServerView } from '@contract/tools';
import { EMPTY_SERVER_FORM, formFromServer, newRow, serverFromForm } from './mcp-server-form';

const view: McpServerView = {
  id: 'files',
  name: 'Files',
  transport: {
    kind: 'stdio',
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-filesystem', '/home/me/My Notes'],
    env: { LOG_LEVEL: 'debug' },
    secretEnv: ['GITHUB_TOKEN'],
  },
  enabled: true,
  trusted: false,
  disabledTools: ['write_file'],
  approvedTools: [],
  idleMinutes: 10,
  startTimeoutSeconds: 30,
  callTimeoutSeconds: 60,
  secrets: [{ where: 'env', name: 'GITHUB_TOKEN', last4: 'abcd' }],
  status: { state: 'stopped', tools: [], activeCalls: 0 },
};

describe('the tool server editor', () => {
  it('makes a stdio server with one argument per line and secret values by default', () => {
    const result = serverFromForm(
      {
        ...EMPTY_SERVER_FORM,
        name: 'My Files',
        command: ' node ',
        args: 'server.js\n\n/tmp/a folder\n',
        env: [
          newRow({ name: 'API_KEY', value: 'k-123' }),
          newRow({ name: 'MODE', value: 'fast', secret: false }),
        ],
      },
      { takenIds: [], isNew: true },
    );
    expect(result).toEqual({
      ok: true,
      server: expect.objectContaining({
        id: 'my-files',
        name: 'My Files',
        transport: {
          kind: 'stdio',
          command: 'node',
          args: ['server.js', '/tmp/a folder'],
          env: { MODE: 'fast' },
          secretEnv: ['API_KEY'],
        },
      }),
      secrets: { env: { API_KEY: 'k-123' } },
    });
  });

  it('keeps a saved secret when its value is left empty, and removes one taken out', () => {
    const form = formFromServer(view);
    expect(form.args).toBe('-y\n@modelcontextprotocol/server-filesystem\n/home/me/My Notes');
    expect(form.env.map((r) => [r.name, r.secret, r.value])).toEqual([
      ['LOG_LEVEL', false, 'debug'],
      ['GITHUB_TOKEN', true, ''],
    ]);
    const kept = serverFromForm(form, { takenIds: ['files'], isNew: false, before: view });
    expect(kept.ok && kept.secrets).toEqual({ env: {} });
    expect(kept.ok && kept.server.disabledTools).toEqual(['write_file']);
    const removed = serverFromForm(
      { ...form, env: form.env.filter((r) => r.name !== 'GITHUB_TOKEN') },
      { takenIds: ['files'], isNew: false, before: view },
    );
    expect(removed.ok && removed.secrets).toEqual({ env: { GITHUB_TOKEN: null } });
  });

  it('says what to fix', () => {
    const result = serverFromForm(
      {
        ...EMPTY_SERVER_FORM,
        kind: 'http',
        name: 'files',
        url: 'ftp://nope',
        headers: [newRow({ name: 'Authorization' })],
        callTimeoutSeconds: '0',
      },
      { takenIds: ['files'], isNew: true },
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: expect.stringContaining('exists already'),
        callTimeoutSeconds: 'Whole seconds, from 1 to 3,600.',
        rows: 'Enter the value of Authorization.',
        url: expect.stringContaining('http://'),
      },
    });
    const twice = serverFromForm(
      {
        ...EMPTY_SERVER_FORM,
        kind: 'http',
        name: 'web',
        url: 'https://x.example/mcp',
        headers: [newRow({ name: 'X-A', value: '1' }), newRow({ name: 'x-a', value: '2' })],
      },
      { takenIds: [], isNew: true },
    );
    expect(twice.ok === false && twice.errors.rows).toBe('The header “x-a” is there twice.');
  });
});
