import { describe, expect, it } from 'vitest';
import { ALLOW, toolServerDialog } from './tool-server-dialog';

describe('the dialog before a tool server is saved', () => {
  it('shows what runs and with which secrets, and cancels unless the user allows', () => {
    const options = toolServerDialog({
      name: 'Files',
      kind: 'stdio',
      launch: 'npx -y @modelcontextprotocol/server-filesystem /home/me\nsecret variables: GITHUB_TOKEN',
      secrets: ['GITHUB_TOKEN'],
    });
    expect(options.message).toBe('Let Modeldesk run “Files” as a tool server?');
    expect(options.detail).toContain('npx -y @modelcontextprotocol/server-filesystem /home/me');
    expect(options.detail).toContain('GITHUB_TOKEN');
    expect(options.buttons[ALLOW]).toBe('Allow it to run');
    expect(options.defaultId).not.toBe(ALLOW);
    expect(options.cancelId).not.toBe(ALLOW);
  });

  it('asks before connecting to an address', () => {
    const options = toolServerDialog({
      name: 'Docs',
      kind: 'http',
      launch: 'https://docs.example.com/mcp',
      secrets: [],
    });
    expect(options.message).toContain('connect to “Docs”');
    expect(options.buttons[ALLOW]).toBe('Allow the connection');
  });
});
