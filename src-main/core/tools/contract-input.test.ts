/**
 * The tools calls of the bridge against hostile input: random JSON of every shape (seeded), deep nesting, huge
 * lists and strings, prototype keys. Every input is refused or accepted within its bounds, quickly, and nothing
 * reaches an object's prototype.
 */
import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '@contract/bridge';
import { random as prng } from '../ledger/testing/generate';

const TOOL_CALLS = (Object.keys(calls) as CallName[]).filter(
  (n) => n.startsWith('mcp.') || n.startsWith('tools.'),
);

const KEYS = [
  'server',
  'id',
  'name',
  'transport',
  'kind',
  'stdio',
  'http',
  'command',
  'args',
  'env',
  'secretEnv',
  'url',
  'headers',
  'secretHeaders',
  'secrets',
  'content',
  'keys',
  'replace',
  'conversationId',
  'choice',
  'servers',
  'tools',
  'target',
  'profileId',
  '__proto__',
  'constructor',
  'all',
];

function value(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 5 ? 5 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER, 3600, 301][Math.floor(rand() * 7)];
    case 3:
      return [
        '',
        'files',
        'a'.repeat(5000),
        'http://127.0.0.1:1/mcp',
        'stdio',
        'all',
        '__proto__',
        'Ünïcødé\u0000',
      ][Math.floor(rand() * 8)];
    case 4:
      return KEYS[Math.floor(rand() * KEYS.length)];
    case 5:
    case 6:
      return Array.from({ length: Math.floor(rand() * 6) }, () => value(rand, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      const n = Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        Object.defineProperty(out, KEYS[Math.floor(rand() * KEYS.length)] as string, {
          value: value(rand, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return out;
    }
  }
}

describe('tools calls against hostile input', () => {
  it.each(TOOL_CALLS)('%s refuses or bounds 3,000 random inputs', (name) => {
    const rand = prng(name.length * 7919);
    const schema = calls[name].input;
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const result = schema.safeParse(value(rand, 0));
      if (result.success) expect(JSON.stringify(result.data).length).toBeLessThan(12_000_000);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('refuses lists and maps past their bounds, and prototype names', () => {
    const stdio = (over: Record<string, unknown>) => ({
      server: {
        id: 'x',
        name: 'X',
        transport: { kind: 'stdio', command: 'node', args: [], env: {}, secretEnv: [], ...over },
      },
    });
    const upsert = calls['mcp.upsert'].input;
    expect(upsert.safeParse(stdio({})).success).toBe(true);
    expect(upsert.safeParse(stdio({ args: Array(101).fill('a') })).success).toBe(false);
    expect(
      upsert.safeParse(
        stdio({ env: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`V${i}`, 'v'])) }),
      ).success,
    ).toBe(false);
    const proto = upsert.safeParse(
      stdio({ env: JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x"}') }),
    );
    // Refused, or the name dropped: never an environment variable, never on a prototype.
    if (proto.success && proto.data.server.transport.kind === 'stdio') {
      expect(Object.keys(proto.data.server.transport.env)).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(upsert.safeParse(stdio({ env: { A: 'line\nbreak' } })).success).toBe(false);
    expect(upsert.safeParse(stdio({ command: '' })).success).toBe(false);
    const choice = calls['tools.setConversationChoice'].input;
    const many = { servers: Array.from({ length: 101 }, (_, i) => ({ server: `s${i}`, tools: 'all' })) };
    expect(choice.safeParse({ conversationId: 'c', choice: many }).success).toBe(false);
    let nested: unknown = 'x';
    for (let i = 0; i < 10_000; i++) nested = [nested];
    expect(choice.safeParse({ conversationId: 'c', choice: { servers: nested } }).success).toBe(false);
  });
});
