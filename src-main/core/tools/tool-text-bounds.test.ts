/**
 * What a server says reaches the window, the model and the conversation: in time that grows with its length, never
 * faster, bounded, and with keys it may quote redacted.
 */
import { ProtocolError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { parseMcpImport } from './mcp-import';
import { toolErrorOf } from './tool-error';
import { toolOutputOf } from './tool-output';

/** CPU milliseconds `run` takes (the clock would count time the machine gives to other work). */
function cpuMs(run: () => void): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

const KEY = 'sk-proj-' + 'A1b2C3d4E5f6G7h8'.repeat(3);

describe('server text is handled in linear time', () => {
  it('an error that says "status" then a million spaces is read at once', () => {
    const error = new Error(`status${' '.repeat(1_000_000)}x`);
    const used = cpuMs(() => toolErrorOf(error, { server: 'Files', phase: 'call', timeoutMs: 1000 }));
    expect(used).toBeLessThan(500);
  });

  it('a resource link whose name is a million spaces is read at once, its label bounded', () => {
    const result = {
      content: Array.from({ length: 50 }, () => ({
        type: 'resource_link',
        name: ' '.repeat(1_000_000),
        uri: 'file:///a',
      })),
    };
    let text = '';
    const used = cpuMs(() => (text = toolOutputOf(result).text));
    expect(used).toBeLessThan(1000);
    expect(text.length).toBeLessThan(50 * 300);
  });

  it('what was left out of a result is listed at most twenty times', () => {
    const result = {
      content: Array.from({ length: 500 }, () => ({
        type: 'image',
        mimeType: 'x'.repeat(10_000),
        data: 'AAAA',
      })),
    };
    const { omitted } = toolOutputOf(result);
    expect(omitted.length).toBeLessThanOrEqual(21);
    expect(Math.max(...omitted.map((o) => o.length))).toBeLessThan(300);
  });
});

describe('server text never carries a key to the window or the model', () => {
  it('a server error that quotes a key', () => {
    const failure = toolErrorOf(new ProtocolError(-32000, `invalid key ${KEY}`), {
      server: 'Search',
      phase: 'call',
      timeoutMs: 1000,
    });
    expect(failure.message).not.toContain(KEY);
    expect(failure.message).toContain('invalid key');
  });

  it('a pasted mcpServers block that is not JSON is refused without quoting it', () => {
    const pasted = `{ "mcpServers": { "s": { "command": "x", "env": { "TOKEN": "${KEY}" } oops } } }`;
    // No redactor here: the message itself must not quote the pasted text.
    const parsed = parseMcpImport(pasted, { existingIds: new Set(), redact: (text) => text });
    const problems = JSON.stringify(parsed.problems);
    expect(problems).toContain('This is not JSON');
    expect(problems).not.toContain(KEY.slice(0, 12));
  });
});
