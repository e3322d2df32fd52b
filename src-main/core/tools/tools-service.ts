/**
 * The tools area behind the bridge: Settings → Tools (servers with their state, tools, errors and log; add, edit,
 * remove, test, stop; import an `mcpServers` block), and which tools the next answer may use (per profile, per
 * conversation). It owns the MCP manager, the vault-backed secrets and the tools' table, and reports every change
 * of a server as an `mcp.changed` event.
 */
import type { CallHandlers } from '../bridge/router';
import type { EventBus } from '../bridge/events';
import type { Profiles } from '../catalogue/profiles';
import type { Database } from '../storage/database';
import type { Logger } from '../logging/logger';
import type { SettingsStore } from '../storage/settings';
import type { McpServerSettings, McpServerView, ToolChoice, ToolChoiceView } from '@contract/tools';
import { ServiceError, notFound } from '../errors/service-error';
import { parseMcpImport } from './mcp-import';
import { McpManager } from './mcp-manager';
import { McpSecrets, type SecretVault } from './mcp-secrets';
import { choiceServers, effectiveChoice, offeredTools, unavailableServers } from './tool-choice';
import type { OfferedTool } from './tool-loop';
import { ToolStore } from './tool-store';

export type ToolsHandlers = Pick<
  CallHandlers,
  Extract<keyof CallHandlers, `mcp.${string}` | `tools.${string}`>
>;

/** What the user is asked before a server's program or address is saved. */
export type ToolServerConfirmation = {
  name: string;
  kind: 'stdio' | 'http';
  /** The command line (and working folder) or the address. */
  launch: string;
  /** Names of the secret values it will be given. */
  secrets: string[];
};

export type ToolsServiceDeps = {
  db: Database;
  settings: SettingsStore;
  vault: SecretVault;
  profiles: () => Profiles;
  /** The profile a conversation uses (its own or the default). */
  conversationProfile: (conversationId: string) => string | undefined | null;
  defaultProfileId: () => string;
  redact: (text: string) => string;
  events: EventBus;
  logger?: Logger;
  clientVersion?: string;
  /** Asks the user before a new or changed program or address is saved (see AppCoreOptions). */
  confirm?: (request: ToolServerConfirmation) => Promise<boolean>;
  /** How long a server may sit unused (tests shorten it). */
  idleMs?: (server: McpServerSettings) => number;
};

/** Headers that carry credentials are always kept in the vault, never in settings. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-key)$/i;

const OK = { ok: true as const };

export class ToolsService {
  readonly manager: McpManager;
  readonly store: ToolStore;
  readonly secrets: McpSecrets;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ToolsServiceDeps) {
    this.store = new ToolStore(deps.db);
    this.secrets = new McpSecrets(deps.vault);
    this.manager = new McpManager({
      servers: () => deps.settings.listMcpServers(),
      secrets: (server) => this.secrets.resolve(server),
      redact: deps.redact,
      cache: this.store,
      onStatus: (id, status) => deps.events.emit('mcp.changed', { id, status }),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.clientVersion ? { clientVersion: deps.clientVersion } : {}),
      ...(deps.idleMs ? { idleMs: deps.idleMs } : {}),
    });
    this.unsubscribe = deps.settings.onChange((section) => {
      if (section === 'mcpServers') void this.manager.settingsChanged();
    });
  }

  servers(): McpServerSettings[] {
    return this.deps.settings.listMcpServers();
  }

  view(server: McpServerSettings): McpServerView {
    return { ...server, secrets: this.secrets.views(server), status: this.manager.status(server.id) };
  }

  /** Main's verdict on the tools of the next answer (what the composer control shows). */
  choiceView(
    conversationId: string | undefined,
    profileId: string | undefined,
    pending?: ToolChoice,
  ): ToolChoiceView {
    const chosen = this.choiceOf(conversationId, profileId);
    const { source, choice, profile } = pending
      ? { source: 'conversation' as const, choice: pending, profile: chosen.profile }
      : chosen;
    const world = {
      servers: this.servers(),
      tools: (id: string) => this.store.listed(id)?.tools ?? [],
      state: (id: string) => this.manager.status(id).state,
      failure: (id: string) => {
        const status = this.manager.status(id);
        return status.state === 'failed' ? status.error?.message : undefined;
      },
    };
    return {
      source,
      profileId: profile,
      choice,
      servers: choiceServers(choice, world),
      onCount: offeredTools(choice, world).length,
      unavailable: unavailableServers(choice, world),
    };
  }

  /** The choice that applies, and where it comes from. */
  choiceOf(
    conversationId: string | undefined,
    profileId: string | undefined,
  ): { source: ToolChoiceView['source']; choice: ToolChoice; profile: string | null } {
    const profile =
      profileId ??
      (conversationId ? this.deps.conversationProfile(conversationId) : undefined) ??
      this.deps.defaultProfileId();
    const own = conversationId ? this.store.conversationChoice(conversationId) : null;
    return { ...effectiveChoice(own, this.profileTools(profile)), profile };
  }

  /**
   * The tools the next answer is offered. On a send (`start`), a chosen server whose tools were never listed is
   * started to list them; one that will not start offers none (its card in Settings says why).
   */
  async offered(
    conversationId: string | undefined,
    profileId: string | undefined,
    options: { start: boolean },
  ): Promise<OfferedTool[]> {
    const { choice } = this.choiceOf(conversationId, profileId);
    const servers = this.servers();
    if (options.start) {
      for (const entry of choice.servers) {
        const server = servers.find((s) => s.id === entry.server);
        if (!server?.enabled || this.store.listed(server.id)) continue;
        await this.manager.tools(server.id).catch(() => undefined);
      }
    }
    return offeredTools(choice, { servers, tools: (id) => this.store.listed(id)?.tools ?? [] });
  }

  /**
   * Choosing a server is its first use: one whose tools were never listed starts now, in the background, so the
   * choice can show its tools (its card in Settings says why if it will not start).
   */
  private listChosen(choice: ToolChoice): void {
    for (const entry of choice.servers) {
      const server = this.servers().find((s) => s.id === entry.server);
      if (server?.enabled && !this.store.listed(server.id))
        void this.manager.tools(server.id).catch(() => undefined);
    }
  }

  /** "Always allow" a tool of a server (its calls then run without asking). */
  allowAlways(serverId: string, tool: string): void {
    const server = this.servers().find((s) => s.id === serverId);
    if (!server || server.approvedTools.includes(tool)) return;
    const saved = this.deps.settings.upsertMcpServer({
      ...server,
      approvedTools: [...server.approvedTools, tool],
    });
    this.deps.events.emit('mcp.changed', { id: saved.id, status: this.manager.status(saved.id) });
  }

  handlers(): ToolsHandlers {
    const find = (id: string) => {
      const server = this.servers().find((s) => s.id === id);
      if (!server) throw notFound('tool server', 'Reload Settings → Tools.');
      return server;
    };
    return {
      'mcp.list': () => this.servers().map((s) => this.view(s)),
      'mcp.upsert': async ({ server, secrets }) => {
        refuseCredentialHeaders(server);
        await this.confirmLaunch(server);
        await this.secrets.apply(server.id, secrets);
        const saved = this.deps.settings.upsertMcpServer(server);
        this.secrets.prune(saved);
        await this.manager.settingsChanged();
        const view = this.view(saved);
        this.deps.events.emit('mcp.changed', { id: saved.id, status: view.status });
        return view;
      },
      'mcp.remove': async ({ id }) => {
        find(id);
        await this.manager.stop(id);
        this.deps.settings.removeMcpServer(id);
        this.secrets.removeAll(id);
        this.store.forget(id);
        await this.manager.settingsChanged();
        this.deps.events.emit('mcp.changed', { id, status: null });
        return OK;
      },
      'mcp.test': ({ id }) => {
        find(id);
        return this.manager.test(id);
      },
      'mcp.stop': async ({ id }) => {
        find(id);
        await this.manager.stop(id, 'Stopped from Settings.');
        return OK;
      },
      'mcp.log': ({ id }) => {
        find(id);
        return { lines: this.manager.log(id) };
      },
      'mcp.importPreview': ({ content }) => {
        const parsed = parseMcpImport(content, {
          existingIds: new Set(this.servers().map((s) => s.id)),
          redact: this.deps.redact,
        });
        return { entries: parsed.candidates.map((c) => c.entry), problems: parsed.problems };
      },
      'mcp.import': async ({ content, keys, replace }) => {
        const parsed = parseMcpImport(content, {
          existingIds: new Set(this.servers().map((s) => s.id)),
          redact: this.deps.redact,
        });
        if (parsed.problems.length > 0) {
          throw ServiceError.of(
            'bad_request',
            `The file cannot be imported: ${parsed.problems[0]?.message}`,
            'Check the preview.',
          );
        }
        const imported: string[] = [];
        const skipped: Array<{ key: string; reason: string }> = [];
        for (const key of keys) {
          const found = parsed.candidates.find((c) => c.entry.key === key);
          if (!found) skipped.push({ key, reason: 'It is not in the file.' });
          else if (!found.server) skipped.push({ key, reason: found.entry.problems.join(' ') });
          else if (found.entry.exists && !replace) {
            skipped.push({ key, reason: `A server with the id “${found.entry.id}” exists already.` });
          } else if (
            !(await this.confirmLaunch(found.server).then(
              () => true,
              () => false,
            ))
          ) {
            skipped.push({ key, reason: 'You did not allow it to run.' });
          } else {
            await this.secrets.apply(found.server.id, found.secrets);
            const saved = this.deps.settings.upsertMcpServer(found.server);
            this.secrets.prune(saved);
            imported.push(saved.id);
          }
        }
        await this.manager.settingsChanged();
        for (const id of imported)
          this.deps.events.emit('mcp.changed', { id, status: this.manager.status(id) });
        return { imported, skipped };
      },
      'tools.choice': ({ conversationId, target, choice }) => {
        if (choice) this.listChosen(choice);
        return this.choiceView(conversationId, target.profileId, choice);
      },
      'tools.setConversationChoice': ({ conversationId, choice }) => {
        if (this.deps.conversationProfile(conversationId) === null) {
          throw notFound('conversation', 'Pick another from the list.');
        }
        this.store.setConversationChoice(conversationId, choice);
        if (choice) this.listChosen(choice);
        return this.choiceView(conversationId, undefined);
      },
    };
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    await this.manager.dispose();
  }

  /**
   * A new program or address, or a changed one (with the secrets it would be given), is saved only once the user
   * allowed it outside the window: a page that was made to call the bridge cannot start a program of its choice,
   * nor send a server's secrets to an address of its choice.
   */
  private async confirmLaunch(server: McpServerSettings): Promise<void> {
    const confirm = this.deps.confirm;
    if (!confirm) return;
    const before = this.servers().find((s) => s.id === server.id);
    if (before && launchOf(before) === launchOf(server)) return;
    const request: ToolServerConfirmation = {
      name: server.name,
      kind: server.transport.kind,
      launch: launchOf(server),
      secrets:
        server.transport.kind === 'stdio' ? server.transport.secretEnv : server.transport.secretHeaders,
    };
    if (!(await confirm(request))) {
      throw ServiceError.of(
        'permission',
        `Not saved: you did not allow “${server.name}” to ${server.transport.kind === 'stdio' ? 'run' : 'be reached'}.`,
        'Save it again and choose Allow if you trust it.',
      );
    }
  }

  /** The tools named by the profile, or by the first profile of its alias chain that names any. */
  private profileTools(profileId: string): ToolChoice | undefined {
    const profiles = this.deps.profiles();
    try {
      const { chain } = profiles.resolve(profileId);
      for (const id of chain) {
        const tools = profiles.get(id)?.tools;
        if (tools) return tools;
      }
    } catch {
      // An unknown profile or an alias cycle names no tools; sending says why elsewhere.
    }
    return profiles.get(profileId)?.tools;
  }
}

/** What a server runs or reaches, and with which secrets: a change of any of it asks the user again. */
function launchOf(server: McpServerSettings): string {
  const t = server.transport;
  if (t.kind === 'http') return `${t.url}\nsecret headers: ${t.secretHeaders.join(', ') || '(none)'}`;
  const line = [t.command, ...t.args].map((p) => (/\s/.test(p) ? JSON.stringify(p) : p)).join(' ');
  const env = Object.entries(t.env).map(([k, v]) => `${k}=${v}`);
  return [
    line,
    ...(t.cwd ? [`in ${t.cwd}`] : []),
    ...(env.length ? [`environment: ${env.join(' ')}`] : []),
    `secret variables: ${t.secretEnv.join(', ') || '(none)'}`,
  ].join('\n');
}

function refuseCredentialHeaders(server: McpServerSettings): void {
  if (server.transport.kind !== 'http') return;
  const header = Object.keys(server.transport.headers).find((h) => CREDENTIAL_HEADER.test(h));
  if (header) {
    throw ServiceError.of(
      'bad_request',
      `The header “${header}” carries a credential, and credentials are never stored in settings.`,
      'Mark it secret: its value is then kept encrypted in the vault.',
    );
  }
}
