/**
 * Failures of MCP servers and tool calls, each with a kind the window and the model can rely on, a message that
 * says what happened, and what to do. `toolErrorOf` turns whatever the MCP SDK, the network or a child process
 * threw into one of them; nothing raw (a stack, a header, a secret) crosses into the message.
 */
import { SdkError, SdkErrorCode, SdkHttpError, ProtocolError } from '@modelcontextprotocol/client';
import type { ToolError, ToolErrorKind } from '@contract/tools';
import { redactClipped } from '../redaction/redact';
import type { ErrorInfo, ErrorKind } from '@contract/usage';

/** The bridge's error kind for each tool failure (when one is thrown to a bridge call). */
const BRIDGE_KIND: Record<ToolErrorKind, ErrorKind> = {
  start_failed: 'server',
  start_timeout: 'timeout',
  unreachable: 'connection',
  missing_secret: 'unconfigured',
  timeout: 'timeout',
  crashed: 'server',
  bad_response: 'server',
  not_found: 'not_found',
  denied: 'permission',
  aborted: 'aborted',
  tool_error: 'server',
};

export class ToolFailure extends Error {
  constructor(readonly info: ToolError) {
    super(info.message);
    this.name = 'ToolFailure';
  }

  /** As the bridge carries errors (a failure thrown to a bridge call). */
  toInfo(): ErrorInfo {
    const info: ErrorInfo = {
      kind: BRIDGE_KIND[this.info.kind],
      message: this.info.message,
      retryable: false,
    };
    if (this.info.action !== undefined) info.action = this.info.action;
    return info;
  }

  static of(kind: ToolErrorKind, message: string, action?: string): ToolFailure {
    return new ToolFailure(action === undefined ? { kind, message } : { kind, message, action });
  }
}

export type FailureContext = {
  /** The server's name as the user gave it. */
  server: string;
  phase: 'start' | 'list' | 'call';
  /** The timeout that applied, for the message. */
  timeoutMs: number;
  /** The last lines the server wrote to stderr (already redacted), shown when it exited. */
  stderrTail?: string[];
  /** The command or address, for "not found" messages. */
  target?: string;
  tool?: string;
};

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

function said(tail: string[] | undefined): string {
  const lines = (tail ?? []).filter((l) => l.trim() !== '').slice(-3);
  return lines.length ? ` It said: “${redactClipped(lines.join(' / '), 500)}”.` : '';
}

const SEE_LOG = 'Open its log in Settings → Tools to see what it wrote.';

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof SdkHttpError) {
    const status = (error.data as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number') return status;
  }
  // A bounded head of the text, and no two unbounded runs of spaces side by side: linear whatever a server says.
  const match = /\b(?:HTTP|status(?: code)?)\s*(?::\s*)?(\d{3})\b/i.exec(
    error instanceof Error ? error.message.slice(0, 300) : '',
  );
  return match ? Number(match[1]) : undefined;
}

function systemCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whatever a start, listing or call threw, as a ToolFailure that says what happened and what to do. */
export function toolErrorOf(error: unknown, ctx: FailureContext): ToolFailure {
  if (error instanceof ToolFailure) return error;
  const name = `“${ctx.server}”`;
  const what = ctx.tool ? `The tool ${ctx.tool} of ${name}` : `The server ${name}`;
  if ((error as { name?: unknown })?.name === 'AbortError') {
    return ToolFailure.of('aborted', ctx.tool ? `${what} was stopped.` : `Starting ${name} was stopped.`);
  }
  const code = systemCodeOf(error);
  if (ctx.phase === 'start' && code === 'ENOENT' && ctx.target && !/^https?:/i.test(ctx.target)) {
    return ToolFailure.of(
      'start_failed',
      `${name} could not start: the program “${ctx.target}” was not found.`,
      'Check the command in Settings → Tools; give its full path if it is not on the PATH.',
    );
  }
  if (ctx.phase === 'start' && (code === 'EACCES' || code === 'EPERM') && ctx.target) {
    return ToolFailure.of(
      'start_failed',
      `${name} could not start: “${ctx.target}” may not be run (permission denied).`,
      'Make the program executable, or check the command in Settings → Tools.',
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET') {
    return ToolFailure.of(
      'unreachable',
      `Nothing answered at the address of ${name}${code === 'ENOTFOUND' ? ' (the host name is unknown)' : ''}.`,
      'Check that the server is running and the address in Settings → Tools is right.',
    );
  }
  const status = httpStatusOf(error);
  if (status !== undefined && (error instanceof SdkHttpError || /HTTP|status/i.test(String(error)))) {
    if (status === 401 || status === 403) {
      return ToolFailure.of(
        'unreachable',
        `${name} refused the credentials (HTTP ${status}).`,
        'Check its secret headers in Settings → Tools.',
      );
    }
    if (status === 404 || status === 405) {
      return ToolFailure.of(
        'unreachable',
        `There is no MCP endpoint at the address of ${name} (HTTP ${status}).`,
        'Check the address: it usually ends in /mcp.',
      );
    }
    return ToolFailure.of(
      'unreachable',
      `${name} answered with an HTTP error (${status}).`,
      'Try again later, or check the server.',
    );
  }
  if (error instanceof SdkError) {
    switch (error.code) {
      case SdkErrorCode.RequestTimeout:
        return ctx.phase === 'start'
          ? ToolFailure.of(
              'start_timeout',
              `${name} did not answer the MCP handshake within ${seconds(ctx.timeoutMs)}.${said(ctx.stderrTail)}`,
              `Check that the command starts an MCP server on stdio. ${SEE_LOG}`,
            )
          : ToolFailure.of(
              'timeout',
              `${what} did not answer within ${seconds(ctx.timeoutMs)}; the call was cancelled.`,
              'Raise the call timeout in Settings → Tools if it needs longer, or ask for less.',
            );
      case SdkErrorCode.ConnectionClosed:
      case SdkErrorCode.NotConnected:
      case SdkErrorCode.SendFailed:
        return ctx.phase === 'start'
          ? ToolFailure.of(
              'start_failed',
              `${name} exited before it was ready.${said(ctx.stderrTail)}`,
              `Check its command, arguments and environment in Settings → Tools. ${SEE_LOG}`,
            )
          : ToolFailure.of(
              'crashed',
              `${name} stopped while ${ctx.tool ? `running ${ctx.tool}` : 'listing its tools'}.${said(ctx.stderrTail)}`,
              `It will be started again on the next call. ${SEE_LOG}`,
            );
      case SdkErrorCode.InvalidResult:
        return ToolFailure.of(
          'bad_response',
          `${name} answered with something that is not a valid MCP ${ctx.phase === 'call' ? 'tool result' : 'answer'}.`,
          `The server may be broken or of an incompatible version. ${SEE_LOG}`,
        );
      default:
        break;
    }
  }
  if (error instanceof ProtocolError) {
    if (error.code === -32601 || error.code === -32602) {
      return ToolFailure.of(
        ctx.tool ? 'not_found' : 'bad_response',
        `${name} refused the request: ${clip(error.message)}`,
        ctx.tool ? 'The tool may have been removed: test the server in Settings → Tools.' : SEE_LOG,
      );
    }
    return ToolFailure.of('bad_response', `${name} reported an error: ${clip(error.message)}`, SEE_LOG);
  }
  if (error instanceof SyntaxError || (error as { name?: unknown })?.name === 'ZodError') {
    return ToolFailure.of(
      'bad_response',
      `${name} answered with something that is not valid MCP.`,
      `The server may be broken or of an incompatible version. ${SEE_LOG}`,
    );
  }
  return ctx.phase === 'start'
    ? ToolFailure.of(
        'start_failed',
        `${name} could not start: ${clip(error instanceof Error ? error.message : String(error))}${said(ctx.stderrTail)}`,
        `Check its settings in Settings → Tools. ${SEE_LOG}`,
      )
    : ToolFailure.of(
        'bad_response',
        `${what} failed: ${clip(error instanceof Error ? error.message : String(error))}`,
        SEE_LOG,
      );
}

/** Server-provided text in a message: one line, bounded. */
export function clip(text: string, max = 300): string {
  // What a server says may quote a key it was given: redacted like a log line before it reaches the window.
  const line = redactClipped(text.slice(0, max * 4), max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
