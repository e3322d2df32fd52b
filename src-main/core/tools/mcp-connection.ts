/**
 * One live connection to one MCP server, on the official MCP client (`@modelcontextprotocol/client`): a stdio
 * server started as a child process (its command, arguments, working folder and environment from Settings, its
 * secret values from the vault; nothing else of Modeldesk's environment: the SDK passes only PATH, HOME and the
 * like), or a Streamable HTTP endpoint with its headers. The handshake, listing and each call have timeouts; a
 * call takes an AbortSignal (the SDK then tells the server the request was cancelled). Closing ends the process
 * and anything it started (process-tree.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Client, SdkError, SdkErrorCode, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { McpServerSettings } from '@contract/tools';
import { descendantsOf, endSurvivors, endTreeOnWindows, waitGone } from './process-tree';
import type { ServerLog } from './server-log';
import { boundTools, type ListedTools } from './tool-output';
import { clip, ToolFailure, toolErrorOf } from './tool-error';

/** The largest single message a stdio server may send (the SDK closes the connection past it). */
const STDIO_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Listing pages followed before giving up on a server whose pagination never ends. */
const LIST_MAX_PAGES = 20;

export type ConnectionOptions = {
  server: McpServerSettings;
  secrets: { env: Record<string, string>; headers: Record<string, string> };
  log: ServerLog;
  startTimeoutMs: number;
  /** Called once if the connection ends without being asked to (the process exited, the stream broke). */
  onUnexpectedClose: (failure: ToolFailure) => void;
  /** Called when the server says its tool list changed. */
  onToolsChanged?: () => void;
  signal?: AbortSignal;
  clientVersion?: string;
};

export type CallOptions = { timeoutMs: number; signal?: AbortSignal; tool: string };

function targetOf(server: McpServerSettings): string {
  return server.transport.kind === 'stdio' ? server.transport.command : server.transport.url;
}

/** The command line as the log shows it (arguments quoted when they hold spaces). */
export function commandLine(server: McpServerSettings): string {
  if (server.transport.kind !== 'stdio') return server.transport.url;
  return [server.transport.command, ...server.transport.args]
    .map((part) => (/\s/.test(part) ? JSON.stringify(part) : part))
    .join(' ');
}

export class McpConnection {
  private closing = false;
  private descendants: number[] = [];

  private constructor(
    private readonly client: Client,
    private readonly transport: StdioClientTransport | StreamableHTTPClientTransport,
    private readonly options: ConnectionOptions,
  ) {}

  static async open(options: ConnectionOptions): Promise<McpConnection> {
    const { server, log } = options;
    const transport = McpConnection.transportFor(options);
    const client = new Client(
      { name: 'Modeldesk', version: options.clientVersion ?? '0.0.0' },
      {
        capabilities: {},
        listMaxPages: LIST_MAX_PAGES,
        listChanged: {
          tools: { autoRefresh: false, debounceMs: 200, onChanged: () => options.onToolsChanged?.() },
        },
      },
    );
    const connection = new McpConnection(client, transport, options);
    // Output that is not JSON-RPC, or a message the SDK cannot read: kept in the log, the connection goes on.
    client.onerror = (error) => log.event('warn', `Not valid MCP: ${clip(error.message)}`);
    client.onclose = () => void connection.closedByPeer();
    try {
      await client.connect(transport, {
        timeout: options.startTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      connection.closing = true;
      await nextTurn(); // let the last stderr chunks arrive before the message quotes them
      log.flush();
      await connection.endProcess();
      throw toolErrorOf(error, {
        server: server.name,
        phase: 'start',
        timeoutMs: options.startTimeoutMs,
        stderrTail: log.stderrTail(),
        target: targetOf(server),
      });
    }
    return connection;
  }

  private static transportFor(options: ConnectionOptions) {
    const { server, secrets, log } = options;
    const t = server.transport;
    if (t.kind === 'http') {
      return new StreamableHTTPClientTransport(new URL(t.url), {
        requestInit: { headers: { ...t.headers, ...secrets.headers } },
      });
    }
    if (t.cwd !== undefined && t.cwd !== '' && !(existsSync(t.cwd) && statSync(t.cwd).isDirectory())) {
      throw ToolFailure.of(
        'start_failed',
        `“${server.name}” could not start: its working folder ${t.cwd} does not exist.`,
        'Choose an existing folder in Settings → Tools, or leave it empty.',
      );
    }
    const transport = new StdioClientTransport({
      command: t.command,
      args: t.args,
      env: { ...t.env, ...secrets.env },
      stderr: 'pipe',
      maxBufferSize: STDIO_MAX_MESSAGE_BYTES,
      ...(t.cwd ? { cwd: t.cwd } : {}),
    });
    transport.stderr?.on('data', (chunk: Buffer | string) => log.stderr(chunk.toString()));
    return transport;
  }

  get pid(): number | undefined {
    return this.transport instanceof StdioClientTransport ? (this.transport.pid ?? undefined) : undefined;
  }

  get serverInfo(): { name: string; version: string } | undefined {
    const info = this.client.getServerVersion();
    return info ? { name: clip(info.name, 100), version: clip(info.version, 40) } : undefined;
  }

  async listTools(timeoutMs: number): Promise<ListedTools> {
    try {
      const result = await this.client.listTools(undefined, { timeout: timeoutMs, cacheMode: 'refresh' });
      return boundTools(result.tools);
    } catch (error) {
      throw await this.failure(error, { phase: 'list', timeoutMs });
    }
  }

  /** Calls a tool; the raw result (checked by the SDK as a CallToolResult) or a ToolFailure. */
  async callTool(name: string, args: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    try {
      return await this.client.callTool(
        { name, arguments: args },
        { timeout: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } catch (error) {
      if (options.signal?.aborted) {
        throw ToolFailure.of('aborted', `${options.tool} of “${this.options.server.name}” was stopped.`);
      }
      throw await this.failure(error, { phase: 'call', timeoutMs: options.timeoutMs, tool: options.tool });
    }
  }

  /** Ends the connection: the SDK closes stdin, then SIGTERM, then SIGKILL; whatever the server started goes too. */
  async close(): Promise<void> {
    this.closing = true;
    await this.endProcess();
  }

  private async endProcess(): Promise<void> {
    const pid = this.pid;
    if (pid !== undefined) {
      this.descendants = descendantsOf(pid);
      endTreeOnWindows(pid);
    }
    try {
      if (this.transport instanceof StreamableHTTPClientTransport) {
        await this.transport.terminateSession().catch(() => undefined);
      }
      await this.client.close();
    } catch {
      await this.transport.close().catch(() => undefined);
    }
    const ended = endSurvivors(this.descendants);
    if (ended.length > 0) {
      this.options.log.event(
        'warn',
        `Ended ${ended.length} process(es) the server had started and left running.`,
      );
    }
    if (pid !== undefined && !(await waitGone([pid, ...ended]))) {
      this.options.log.event('warn', 'The server process did not end in time after SIGKILL.');
    }
  }

  private async closedByPeer(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await nextTurn();
    this.options.log.flush();
    endSurvivors(this.descendants);
    const failure = toolErrorOf(new SdkError(SdkErrorCode.ConnectionClosed, 'closed'), {
      server: this.options.server.name,
      phase: 'list',
      timeoutMs: 0,
      stderrTail: this.options.log.stderrTail(),
    });
    this.options.onUnexpectedClose(
      ToolFailure.of(
        'crashed',
        `“${this.options.server.name}” stopped unexpectedly.${failure.message.includes('It said') ? failure.message.slice(failure.message.indexOf(' It said')) : ''}`,
        'It will be started again when a tool is next used. Open its log in Settings → Tools to see what it wrote.',
      ),
    );
  }

  private async failure(
    error: unknown,
    ctx: { phase: 'list' | 'call'; timeoutMs: number; tool?: string },
  ): Promise<ToolFailure> {
    await nextTurn();
    return toolErrorOf(error, {
      server: this.options.server.name,
      ...ctx,
      stderrTail: this.options.log.stderrTail(),
    });
  }
}
