#!/usr/bin/env node
/**
 * A deliberately broken MCP server on stdio, for the failure tests: plain newline-delimited JSON-RPC written by
 * hand (no SDK), so it can misbehave in ways a real SDK server never would.
 *
 *   node broken-mcp-server.mjs [mode...]
 *
 * Start-up modes: `exit-at-start` (writes an error to stderr, exits 3), `hang-at-start` (never answers the
 * handshake), `garbage-at-start` (answers the handshake with noise), `ignore-sigterm` (ignores SIGTERM and the end
 * of stdin: only SIGKILL ends it), `spawn-child` (starts a child process that would outlive it), `stderr-secret`
 * (writes the value of SECRET_TOKEN to stderr at start).
 *
 * Tools: `echo` (returns its `text`), `crash` (writes to stderr, exits 1 mid-call), `hang` (never answers; logs
 * the cancellation it receives), `garbage` (prints non-JSON to stdout, then a result of the wrong shape), `huge`
 * (returns `chars` characters, default 200,000), `html` (returns markup that must stay inert), `env` (returns the
 * value of the variable `name`), `slow` (answers after `ms`), `image` (returns an image and a line of text),
 * `fail` (a result with isError).
 */
import { spawn } from 'node:child_process';

const modes = new Set(process.argv.slice(2));
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const reply = (id, result) => send({ jsonrpc: '2.0', id, result });
const text = (t) => ({ content: [{ type: 'text', text: t }] });

if (modes.has('exit-at-start')) {
  process.stderr.write('broken-server: fatal: cannot open configuration file /nonexistent/config.toml\n');
  process.exit(3);
}
if (modes.has('ignore-sigterm')) {
  process.on('SIGTERM', () => process.stderr.write('broken-server: ignoring SIGTERM\n'));
  // Keep running after stdin ends.
  setInterval(() => {}, 1 << 30);
}
if (modes.has('spawn-child')) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
    stdio: 'ignore',
    detached: false,
  });
  process.stderr.write(`broken-server: child ${child.pid}\n`);
}
if (modes.has('stderr-secret')) {
  process.stderr.write(`broken-server: using token ${process.env.SECRET_TOKEN ?? '(none)'}\n`);
}

const tools = [
  ['echo', 'Returns its text argument.', { text: { type: 'string' } }],
  ['crash', 'Exits in the middle of the call.', {}],
  ['hang', 'Never answers.', {}],
  ['garbage', 'Answers with noise.', {}],
  ['huge', 'Returns a very long text.', { chars: { type: 'number' } }],
  ['html', 'Returns markup.', {}],
  ['env', 'Returns an environment variable.', { name: { type: 'string' } }],
  ['slow', 'Answers after a delay.', { ms: { type: 'number' } }],
  ['image', 'Returns an image and a caption.', {}],
  ['fail', 'Reports an error.', {}],
].map(([name, description, properties]) => ({
  name,
  description,
  inputSchema: { type: 'object', properties },
}));

function handle(message) {
  const { id, method, params } = message;
  if (method === 'notifications/cancelled') {
    process.stderr.write(`broken-server: cancelled request ${params?.requestId}\n`);
    return;
  }
  if (id === undefined) return;
  if (method === 'initialize') {
    if (modes.has('hang-at-start')) return;
    if (modes.has('garbage-at-start')) {
      process.stdout.write('Welcome to the server! Type help for help.\n');
      reply(id, { protocolVersion: 42 });
      return;
    }
    reply(id, {
      protocolVersion: params?.protocolVersion ?? '2025-06-18',
      capabilities: { tools: {} },
      serverInfo: { name: 'broken-server', version: '0.0.1' },
    });
    return;
  }
  if (method === 'ping') return reply(id, {});
  if (method === 'tools/list') return reply(id, { tools });
  if (method !== 'tools/call') {
    send({ jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${method}` } });
    return;
  }
  const args = params?.arguments ?? {};
  switch (params?.name) {
    case 'echo':
      return reply(id, text(String(args.text ?? '')));
    case 'crash':
      process.stderr.write('broken-server: segmentation fault (simulated) while running crash\n');
      process.exit(1);
      return;
    case 'hang':
      return;
    case 'garbage':
      process.stdout.write('%%% this is not JSON-RPC %%%\n');
      return reply(id, { content: 'not an array', isError: 'maybe' });
    case 'huge':
      return reply(id, text('x'.repeat(Number(args.chars ?? 200_000))));
    case 'html':
      return reply(
        id,
        text('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>**bold**'),
      );
    case 'env':
      return reply(id, text(process.env[String(args.name)] ?? '(unset)'));
    case 'slow':
      setTimeout(() => reply(id, text(`done after ${args.ms} ms`)), Number(args.ms ?? 1000));
      return;
    case 'image':
      return reply(id, {
        content: [
          { type: 'image', data: Buffer.alloc(2048, 1).toString('base64'), mimeType: 'image/png' },
          { type: 'text', text: 'A grey square.' },
        ],
      });
    case 'fail':
      return reply(id, { content: [{ type: 'text', text: 'The file is locked.' }], isError: true });
    default:
      send({ jsonrpc: '2.0', id, error: { code: -32602, message: `Unknown tool: ${params?.name}` } });
  }
}

let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, newline).trim();
    buffer = buffer.slice(newline + 1);
    if (!line) continue;
    try {
      handle(JSON.parse(line));
    } catch (error) {
      process.stderr.write(`broken-server: bad input: ${error.message}\n`);
    }
  }
});
process.stdin.on('end', () => {
  if (!modes.has('ignore-sigterm')) process.exit(0);
});
