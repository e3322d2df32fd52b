import { describe, expect, it } from 'vitest';
import { serverState, toggled, toolOn } from './tool-choice';

const ALL = ['read', 'write', 'list'];

describe('editing a tool choice', () => {
  it('turns a whole server on (tools added later included) and off', () => {
    const on = toggled({ servers: [] }, { server: 'files', on: true, allTools: ALL });
    expect(on).toEqual({ servers: [{ server: 'files', tools: 'all' }] });
    expect(serverState(on, 'files', ALL)).toBe('all');
    expect(toggled(on, { server: 'files', on: false, allTools: ALL })).toEqual({ servers: [] });
  });

  it('turns single tools on and off, and comes back to all or none', () => {
    const all = { servers: [{ server: 'files', tools: 'all' as const }] };
    const noWrite = toggled(all, { server: 'files', tool: 'write', on: false, allTools: ALL });
    expect(noWrite).toEqual({ servers: [{ server: 'files', tools: ['read', 'list'] }] });
    expect(serverState(noWrite, 'files', ALL)).toBe('some');
    expect(toolOn(noWrite, 'files', 'write')).toBe(false);
    expect(toggled(noWrite, { server: 'files', tool: 'write', on: true, allTools: ALL })).toEqual(all);
    let none = noWrite;
    for (const tool of ['read', 'list'])
      none = toggled(none, { server: 'files', tool, on: false, allTools: ALL });
    expect(none).toEqual({ servers: [] });
  });

  it('leaves other servers as they are', () => {
    const choice = { servers: [{ server: 'web', tools: ['fetch'] }] };
    const next = toggled(choice, { server: 'files', tool: 'read', on: true, allTools: ALL });
    expect(next.servers).toEqual([
      { server: 'web', tools: ['fetch'] },
      { server: 'files', tools: ['read'] },
    ]);
  });
});
