/**
 * The MCP servers of this app, alive: each is started on first use (a listing, a test, a call), shared by every
 * caller while it starts, stopped after its idle time without a call, when its settings change, and all at once
 * when the core is disposed (quit). It reports each server's state (stopped, starting, running, failed), its
 * last error and its tools, and keeps a bounded, redacted log per server. Calls have the server's timeout and
 * take an AbortSignal (Stop): the server is told the request was cancelled and the call ends at once.
 *
 * Nothing here decides which tools a model may use (tool-choice.ts) or asks the user (the tool loop).
 */
import type { McpLogLine, McpServerSettings, McpServerStatus, McpTestResult, McpTool } from '@contract/tools';
import type { Logger } from '../logging/logger';
import { commandLine, McpConnection } from './mcp-connection';
import type { ResolvedSecrets } from './mcp-secrets';
import { ServerLog } from './server-log';
import { ToolFailure } from './tool-error';
import { toolOutputOf, type ToolOutput } from './tool-output';
import type { ListedTools } from './tool-store';

export type ToolListCache = {
  listed(serverId: string): ListedTools | undefined;
  saveListed(serverId: string, listed: ListedTools): void;
  forget(serverId: string): void;
};

export type McpManagerDeps = {
  servers: () => McpServerSettings[];
  secrets: (server: McpServerSettings) => ResolvedSecrets;
  redact: (text: string) => string;
  cache: ToolListCache;
  onStatus: (id: string, status: McpServerStatus) => void;
  logger?: Logger;
  now?: () => number;
  /** How long a server may sit unused (default: its idleMinutes). */
  idleMs?: (server: McpServerSettings) => number;
  clientVersion?: string;
};

export type CallResult = ToolOutput & { durationMs: number };

type Slot = {
  state: McpServerStatus['state'];
  connection?: McpConnection;
  starting?: Promise<McpConnection>;
  startAbort?: AbortController;
  /** The settings the connection was made with: a change restarts it on next use. */
  configKey?: string;
  error?: ToolFailure['info'];
  startedAt?: number;
  lastUsedAt?: number;
  activeCalls: number;
  idleTimer?: NodeJS.Timeout;
  log: ServerLog;
};

/** What a connection depends on: a change of anything else (trust, tools turned off) keeps it running. */
function configKeyOf(server: McpServerSettings, secrets: ResolvedSecrets): string {
  return JSON.stringify([server.transport, server.startTimeoutSeconds, secrets.env, secrets.headers]);
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error as Error);
      },
    );
  });
}

export class McpManager {
  private readonly slots = new Map<string, Slot>();
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly deps: McpManagerDeps) {
    this.now = deps.now ?? Date.now;
  }

  status(id: string): McpServerStatus {
    const slot = this.slots.get(id);
    const listed = this.deps.cache.listed(id);
    const status: McpServerStatus = {
      state: slot?.state ?? 'stopped',
      tools: listed?.tools ?? [],
      activeCalls: slot?.activeCalls ?? 0,
    };
    const pid = slot?.connection?.pid;
    if (pid !== undefined && slot?.state === 'running') status.pid = pid;
    if (slot?.startedAt !== undefined && slot.state === 'running') status.startedAt = slot.startedAt;
    if (slot?.lastUsedAt !== undefined) status.lastUsedAt = slot.lastUsedAt;
    if (slot?.error) status.error = slot.error;
    if (listed) {
      status.toolsListedAt = listed.listedAt;
      if (listed.serverInfo) status.serverInfo = listed.serverInfo;
    }
    return status;
  }

  log(id: string): McpLogLine[] {
    return this.slots.get(id)?.log.lines() ?? [];
  }

  /** Process ids of the running stdio servers (tests check none outlives `dispose`). */
  pids(): number[] {
    return [...this.slots.values()].flatMap((s) => (s.connection?.pid ? [s.connection.pid] : []));
  }

  /** The server's tools: from the running server, started if need be (`refresh`), else as last listed. */
  async tools(id: string, options: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<McpTool[]> {
    const listed = this.deps.cache.listed(id);
    if (!options.refresh && listed) return listed.tools;
    await this.connect(id, options.signal);
    return this.deps.cache.listed(id)?.tools ?? [];
  }

  /** Starts the server if it is not running (or restarts it: `test`), lists its tools and says how it went. */
  async test(id: string): Promise<McpTestResult> {
    const started = this.now();
    try {
      await this.stop(id);
      await this.connect(id);
      const status = this.status(id);
      const result: McpTestResult = {
        ok: true,
        latencyMs: this.now() - started,
        tools: status.tools.length,
      };
      if (status.serverInfo) result.serverInfo = status.serverInfo;
      return result;
    } catch (error) {
      const failure =
        error instanceof ToolFailure
          ? error
          : ToolFailure.of('start_failed', 'The server could not be tested.', 'See its log.');
      return { ok: false, latencyMs: this.now() - started, error: failure.info };
    }
  }

  /** Calls a tool of a server (started on first use) with the server's timeout; Stop (the signal) ends it at once. */
  async call(
    id: string,
    tool: string,
    args: Record<string, unknown>,
    options: { signal?: AbortSignal } = {},
  ): Promise<CallResult> {
    const server = this.server(id);
    if (server.disabledTools.includes(tool)) {
      throw ToolFailure.of(
        'not_found',
        `The tool ${tool} of “${server.name}” is turned off.`,
        'Turn it on in Settings → Tools.',
      );
    }
    const slot = this.slot(id);
    slot.activeCalls++;
    this.clearIdle(slot);
    this.emit(id);
    const started = this.now();
    try {
      const connection = await this.connect(id, options.signal);
      const timeoutMs = server.callTimeoutSeconds * 1000;
      const raw = await connection.callTool(tool, args, {
        timeoutMs,
        tool,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const output = toolOutputOf(raw);
      const durationMs = this.now() - started;
      slot.log.event(
        output.isError ? 'warn' : 'info',
        `${tool}: ${output.isError ? 'the tool reported an error' : 'done'} in ${durationMs} ms` +
          `${output.truncated ? ` (result cut from ${output.fullChars.toLocaleString('en')} characters)` : ''}`,
      );
      return { ...output, durationMs };
    } catch (error) {
      const failure = error instanceof ToolFailure ? error : ToolFailure.of('bad_response', String(error));
      slot.log.event(failure.info.kind === 'aborted' ? 'info' : 'error', `${tool}: ${failure.message}`);
      throw failure;
    } finally {
      slot.activeCalls--;
      slot.lastUsedAt = this.now();
      this.scheduleIdle(id);
      this.emit(id);
    }
  }

  /** Stops a server now (kept in its slot with its log); nothing when it is not running. */
  async stop(id: string, why?: string): Promise<void> {
    const slot = this.slots.get(id);
    if (!slot) return;
    this.clearIdle(slot);
    slot.startAbort?.abort();
    const connection = slot.connection ?? (await slot.starting?.catch(() => undefined));
    slot.connection = undefined;
    slot.starting = undefined;
    if (connection) {
      await connection.close();
      slot.log.event('info', why ?? 'Stopped.');
    }
    if (slot.state !== 'failed' || connection) {
      slot.state = 'stopped';
      slot.error = undefined;
    }
    this.emit(id);
  }

  /** Settings changed: servers removed, turned off, or whose connection settings changed are stopped. */
  async settingsChanged(): Promise<void> {
    const servers = new Map(this.deps.servers().map((s) => [s.id, s]));
    const work: Array<Promise<void>> = [];
    for (const [id, slot] of this.slots) {
      const server = servers.get(id);
      if (!server) {
        work.push(this.stop(id).then(() => this.forget(id)));
        continue;
      }
      const running = slot.connection ?? slot.starting;
      if (!running) continue;
      if (!server.enabled) work.push(this.stop(id, 'Stopped: the server was turned off.'));
      else if (slot.configKey !== configKeyOf(server, this.deps.secrets(server))) {
        work.push(this.stop(id, 'Stopped: its settings changed. It starts again with them on next use.'));
      }
    }
    await Promise.all(work);
  }

  /** Stops every server; no call or start is accepted afterwards. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.slots.keys()].map((id) => this.stop(id, 'Stopped: Modeldesk is closing.')));
  }

  // Internals

  private server(id: string): McpServerSettings {
    const server = this.deps.servers().find((s) => s.id === id);
    if (!server) {
      throw ToolFailure.of(
        'not_found',
        'That tool server is not set up (any more).',
        'Check Settings → Tools.',
      );
    }
    if (!server.enabled) {
      throw ToolFailure.of('not_found', `“${server.name}” is turned off.`, 'Turn it on in Settings → Tools.');
    }
    return server;
  }

  private slot(id: string): Slot {
    let slot = this.slots.get(id);
    if (!slot) {
      slot = { state: 'stopped', activeCalls: 0, log: new ServerLog(this.deps.redact, this.now) };
      this.slots.set(id, slot);
    }
    return slot;
  }

  private forget(id: string): void {
    this.slots.delete(id);
    this.deps.cache.forget(id);
  }

  /** The running connection, started (once, whoever asks) if need be. */
  private async connect(id: string, signal?: AbortSignal): Promise<McpConnection> {
    if (this.disposed) throw ToolFailure.of('aborted', 'Modeldesk is closing.');
    const server = this.server(id);
    const slot = this.slot(id);
    if (slot.connection && slot.state === 'running') return slot.connection;
    slot.starting ??= this.start(server, slot);
    const stopped = () => ToolFailure.of('aborted', `Waiting for “${server.name}” to start was stopped.`);
    return raceAbort(slot.starting, signal, stopped);
  }

  private async start(server: McpServerSettings, slot: Slot): Promise<McpConnection> {
    const secrets = this.deps.secrets(server);
    const startTimeoutMs = server.startTimeoutSeconds * 1000;
    const fail = (failure: ToolFailure): never => {
      slot.state = 'failed';
      slot.error = failure.info;
      slot.starting = undefined;
      slot.log.event('error', failure.message);
      this.deps.logger?.warn('A tool server failed to start', { server: server.id, kind: failure.info.kind });
      this.emit(server.id);
      throw failure;
    };
    if (secrets.locked.length > 0) {
      fail(
        ToolFailure.of(
          'missing_secret',
          `“${server.name}” needs ${secrets.locked.join(', ')}, kept in your locked vault.`,
          'Unlock the vault in Settings → Providers, then try again.',
        ),
      );
    }
    if (secrets.missing.length > 0) {
      fail(
        ToolFailure.of(
          'missing_secret',
          `“${server.name}” needs ${secrets.missing.join(', ')}, which ${secrets.missing.length === 1 ? 'has' : 'have'} no value.`,
          'Enter the value in Settings → Tools (edit the server).',
        ),
      );
    }
    slot.state = 'starting';
    slot.error = undefined;
    slot.startAbort = new AbortController();
    slot.configKey = configKeyOf(server, secrets);
    slot.log.beginRun(`Starting: ${commandLine(server)}`);
    this.emit(server.id);
    let connection: McpConnection;
    try {
      connection = await McpConnection.open({
        server,
        secrets,
        log: slot.log,
        startTimeoutMs,
        signal: slot.startAbort.signal,
        onUnexpectedClose: (failure) => this.crashed(server.id, slot, connection, failure),
        onToolsChanged: () => void this.relist(server.id, slot, connection, startTimeoutMs),
        ...(this.deps.clientVersion ? { clientVersion: this.deps.clientVersion } : {}),
      });
    } catch (error) {
      return fail(error instanceof ToolFailure ? error : ToolFailure.of('start_failed', String(error)));
    }
    try {
      await this.saveTools(server.id, connection, startTimeoutMs, slot);
    } catch (error) {
      await connection.close();
      return fail(error instanceof ToolFailure ? error : ToolFailure.of('bad_response', String(error)));
    }
    if (this.disposed || slot.startAbort.signal.aborted) {
      await connection.close();
      throw ToolFailure.of('aborted', `Starting “${server.name}” was stopped.`);
    }
    slot.connection = connection;
    slot.starting = undefined;
    slot.state = 'running';
    slot.startedAt = this.now();
    const info = connection.serverInfo;
    slot.log.event(
      'info',
      `Running${connection.pid ? ` (process ${connection.pid})` : ''}${info ? `: ${info.name} ${info.version}` : ''}.`,
    );
    this.scheduleIdle(server.id);
    this.emit(server.id);
    return connection;
  }

  private async saveTools(
    id: string,
    connection: McpConnection,
    timeoutMs: number,
    slot: Slot,
  ): Promise<void> {
    const { tools, skipped } = await connection.listTools(timeoutMs);
    for (const why of skipped) slot.log.event('warn', `Left out ${why}.`);
    const info = connection.serverInfo;
    this.deps.cache.saveListed(id, { tools, listedAt: this.now(), ...(info ? { serverInfo: info } : {}) });
  }

  private async relist(id: string, slot: Slot, connection: McpConnection, timeoutMs: number): Promise<void> {
    if (slot.connection !== connection) return;
    try {
      await this.saveTools(id, connection, timeoutMs, slot);
      slot.log.event('info', 'Its tool list changed and was read again.');
      this.emit(id);
    } catch (error) {
      slot.log.event('warn', `Reading its changed tool list failed: ${(error as Error).message}`);
    }
  }

  private crashed(id: string, slot: Slot, connection: McpConnection | undefined, failure: ToolFailure): void {
    // A server that ends while starting is reported by the start itself, with what it wrote.
    if (slot.state !== 'running' || !connection || slot.connection !== connection) return;
    slot.connection = undefined;
    slot.starting = undefined;
    slot.state = 'failed';
    slot.error = failure.info;
    this.clearIdle(slot);
    slot.log.event('error', failure.message);
    this.deps.logger?.warn('A tool server stopped unexpectedly', { server: id });
    this.emit(id);
  }

  private scheduleIdle(id: string): void {
    const slot = this.slots.get(id);
    const server = this.deps.servers().find((s) => s.id === id);
    if (!slot || !server || slot.activeCalls > 0 || !slot.connection) return;
    this.clearIdle(slot);
    const ms = this.deps.idleMs?.(server) ?? server.idleMinutes * 60_000;
    slot.idleTimer = setTimeout(() => {
      if (slot.activeCalls > 0) return;
      const minutes = server.idleMinutes;
      void this.stop(id, `Stopped after ${minutes} minute${minutes === 1 ? '' : 's'} without a call.`);
    }, ms);
    slot.idleTimer.unref();
  }

  private clearIdle(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
  }

  private emit(id: string): void {
    if (this.deps.servers().some((s) => s.id === id)) this.deps.onStatus(id, this.status(id));
  }
}
