/**
 * The bridge handlers, every one in one map: one per contract call, each a thin step into a store or a service.
 * Inputs arrive already validated by the router; anything thrown on purpose carries an ErrorInfo the renderer
 * shows as is.
 */
import { applySettingsPatch, ProviderSettingsSchema } from '@contract/settings';
import { transferHandlers } from './transfer/handlers';
import type { TransferService } from './transfer/transfer-service';
import type { BatchService } from './batch/batch-service';
import type { CallHandlers } from './bridge/router';
import { builtinProfiles, Profiles } from './catalogue/profiles';
import type { CatalogueStore } from './catalogue/refresh/store';
import { checkEdit, exportConfig, importConfig } from './config/index';
import { asServiceError, ServiceError, notFound } from './errors/service-error';
import type { Aggregates } from './ledger/aggregate';
import type { BudgetGuard } from './ledger/budgets';
import { exportLedger } from './ledger/export';
import type { Ledger } from './ledger/ledger';
import type { HealthMonitor } from './policies/health';
import { ProviderError } from './providers/errors';
import type { ChatService } from './services/chat-service';
import type { ToolsService } from './tools/tools-service';
import type { ProviderRegistry } from './services/provider-registry';
import type { AttachmentStore } from './storage/attachments';
import type { ConversationStore } from './storage/conversations';
import type { NoticeList } from './storage/notices';
import type { SettingsStore } from './storage/settings';
import type { KeyVault } from './vault/vault';

/** What the core knows of the host it runs in, for `app.info` and `app.openExternal`. */
export type HostInfo = {
  host: 'electron' | 'web';
  dataDir: string;
  version: string;
  platform: NodeJS.Platform;
  /** Opens an https: link after the user agreed (Electron); the web host lets the page do it. */
  openExternal: (url: string) => Promise<{ opened: boolean; reason?: string }>;
};

export type HandlerDeps = {
  host: HostInfo;
  notices: NoticeList;
  settings: SettingsStore;
  vault: KeyVault;
  registry: ProviderRegistry;
  health: HealthMonitor;
  profiles: () => Profiles;
  conversations: ConversationStore;
  attachments: AttachmentStore;
  chat: ChatService;
  batch: BatchService;
  tools: ToolsService;
  /** The catalogue in use and its refresh (Settings → Models). */
  catalogue: CatalogueStore;
  transfer: TransferService;
  ledger: Ledger;
  aggregates: Aggregates;
  budgets: BudgetGuard;
};

const OK = { ok: true as const };

/** The built-in profiles as the configuration checks read them. */
const builtinJson = () => builtinProfiles() as unknown as Array<Record<string, unknown>>;

/** An edit with problems is refused before anything is saved, every problem said. */
function refuseProblems(problems: string[], what: 'profile' | 'model'): void {
  if (problems.length === 0) return;
  throw ServiceError.of(
    'bad_request',
    `This ${what} cannot be saved: ${problems.slice(0, 3).join(' ')}`,
    what === 'profile' ? 'Correct it in Settings → Profiles.' : 'Correct it in Settings → Models.',
  );
}
const TEST_TIMEOUT_MS = 15_000;

export function createHandlers(deps: HandlerDeps): CallHandlers {
  const { settings, vault, registry, health, conversations, attachments, chat, batch, ledger } = deps;

  const providerView = (id: string) => {
    const provider = registry.get(id);
    if (!provider) throw notFound('provider', 'Reload Settings → Providers.');
    return registry.view(provider, health.get(id));
  };

  /** A key for a standard provider saves its default entry first, so the key has somewhere to belong. */
  const ensureSaved = (id: string) => {
    if (settings.getProvider(id)) return;
    const provider = registry.get(id);
    if (!provider) throw notFound('provider', 'Reload Settings → Providers.');
    settings.upsertProvider(provider);
  };

  const budgetView = () => ({
    budgets: settings.getSettings().budgets,
    status: deps.budgets.status(),
  });

  return {
    'app.info': () => ({
      version: deps.host.version,
      host: deps.host.host,
      platform: deps.host.platform,
      dataDir: deps.host.dataDir,
      vault: vault.status(),
      notices: deps.notices.list(),
      envKeys: settings.getFirstRun().envKeysOffered
        ? []
        : vault.envKeysToOffer().map(({ provider, envVar, last4 }) => ({ provider, envVar, last4 })),
    }),
    'app.dismissNotice': ({ id }) => {
      deps.notices.dismiss(id);
      return OK;
    },
    'app.openExternal': ({ url }) => deps.host.openExternal(url),

    'settings.get': () => settings.getSettings(),
    'settings.update': ({ patch }) =>
      settings.updateSettings(applySettingsPatch(settings.getSettings(), patch)),

    'providers.list': () => registry.list().map((p) => registry.view(p, health.get(p.id))),
    'providers.upsert': ({ provider }) => {
      settings.upsertProvider(ProviderSettingsSchema.parse(provider));
      return providerView(provider.id);
    },
    'providers.remove': ({ id }) => {
      settings.removeProvider(id);
      vault.removeProvider(id);
      return OK;
    },
    'providers.addKey': async ({ providerId, key, label }) => {
      ensureSaved(providerId);
      return vault.addKey(providerId, key, label);
    },
    'providers.removeKey': ({ providerId, keyId }) => {
      vault.removeKey(providerId, keyId);
      return OK;
    },
    'providers.importEnvKeys': async ({ providers }) => {
      for (const id of providers) if (registry.get(id)) ensureSaved(id);
      const imported = await vault.importEnvKeys(providers);
      settings.updateFirstRun({ envKeysOffered: true });
      return imported;
    },
    'providers.test': async ({ providerId }) => {
      const description = registry.describe(providerId);
      if (!description) throw notFound('provider', 'Reload Settings → Providers.');
      const started = Date.now();
      if (!description.configured) {
        return {
          ok: false,
          latencyMs: 0,
          error: {
            kind: 'unconfigured' as const,
            retryable: false,
            message: `${description.label} is not ready: ${description.missing ?? 'it is not set up'}.`,
            action: 'Fill in what is missing above, then test again.',
          },
        };
      }
      const adapter = registry.anyAdapterFor(providerId);
      if (!adapter) throw notFound('provider');
      try {
        const models = await adapter.listModels({ signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
        const latencyMs = Date.now() - started;
        // What the listing says (windows, limits, lifecycle, models the catalogue lacks) goes into the catalogue.
        registry.setDiscovered(providerId, models);
        void health.check(providerId).catch(() => undefined);
        return { ok: true, latencyMs, models: models.length };
      } catch (error) {
        const info =
          error instanceof ProviderError
            ? error.toInfo()
            : {
                kind: 'connection' as const,
                retryable: true,
                message: `Modeldesk could not reach ${description.label}.`,
                action: 'Check the base URL and your connection, then test again.',
              };
        return { ok: false, latencyMs: Date.now() - started, error: info };
      }
    },
    'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
    'vault.acceptWeak': () => vault.acceptWeakStorage(),

    'health.get': () => health.all(),

    'models.list': () => registry.catalogue().list(),
    'models.upsertCustom': ({ model }) => {
      refuseProblems(checkEdit({ customModel: model }, settings.snapshot(), builtinJson()), 'model');
      settings.upsertCustomModel(model);
      return registry.catalogue().get(model.id);
    },
    'models.removeCustom': ({ id }) => {
      if (!settings.removeCustomModel(id)) throw notFound('custom model', 'Reload Settings → Models.');
      return OK;
    },
    'models.setPriceOverride': ({ id, prices }) => {
      registry.catalogue().get(id);
      settings.setPriceOverride(id, prices);
      return registry.catalogue().get(id);
    },

    'profiles.list': () => deps.profiles().list(),
    'profiles.upsert': ({ profile }) => {
      if (deps.profiles().get(profile.id)?.builtin) {
        throw ServiceError.of(
          'bad_request',
          `"${profile.name}" is a built-in profile and cannot be changed.`,
          'Duplicate it under a new id and change the copy.',
        );
      }
      const isKnownModel = (id: string) => registry.catalogue().find(id) !== undefined;
      refuseProblems(checkEdit({ profile }, settings.snapshot(), builtinJson(), isKnownModel), 'profile');
      // What the checks above cannot see (an alias into a circle through other profiles) is refused unsaved too.
      const next = new Profiles([...settings.listProfiles().filter((p) => p.id !== profile.id), profile]);
      try {
        next.resolve(profile.id);
      } catch (error) {
        throw asServiceError(error);
      }
      return settings.upsertProfile(profile);
    },
    'profiles.remove': ({ id }) => {
      if (deps.profiles().get(id)?.builtin) {
        throw ServiceError.of('bad_request', 'Built-in profiles cannot be removed.');
      }
      if (!settings.removeProfile(id)) throw notFound('profile', 'Reload Settings → Profiles.');
      return OK;
    },

    'conversations.list': (input) => {
      const options: Parameters<ConversationStore['list']>[0] = { sort: input.sort };
      if (input.query !== undefined) options.query = input.query;
      if (input.minCostMicros !== undefined) options.minCostMicros = input.minCostMicros;
      return conversations.list(options);
    },
    'conversations.get': ({ id }) => {
      const found = conversations.get(id);
      if (!found || found.conversation.deletedAt !== undefined) {
        throw notFound('conversation', 'Pick another from the list.');
      }
      return found;
    },
    'conversations.create': ({ tools, ...input }) => {
      const created = conversations.create(input);
      if (tools) deps.tools.store.setConversationChoice(created.id, tools);
      return created;
    },
    'conversations.update': ({ id, ...patch }) => conversations.update(id, patch),
    'conversations.delete': ({ id }) => {
      if (chat.isStreaming(id)) {
        throw ServiceError.of('bad_request', 'An answer is still coming in.', 'Stop it first.');
      }
      conversations.softDelete(id);
      return OK;
    },
    'conversations.restore': ({ id }) => conversations.restore(id),

    'messages.delete': ({ id }) => {
      conversations.deleteMessage(id);
      return OK;
    },
    'messages.setPinned': ({ id, pinned }) => conversations.setPinned(id, pinned),
    'messages.updateText': ({ id, text }) => conversations.updateText(id, text),

    'attachments.add': ({ name, dataBase64 }) => {
      const bytes = Buffer.from(dataBase64, 'base64');
      return attachments.add(name === undefined ? { bytes } : { bytes, name });
    },

    'chat.send': (input, ctx) => chat.send(input, ctx.clientId),
    'chat.stop': ({ streamId }) => ({ ok: chat.stop(streamId) }),
    'chat.retryNow': ({ streamId }) => ({ ok: chat.retryNow(streamId) }),
    'chat.approveTool': ({ streamId, callId, decision }) => ({
      ok: chat.approveTool(streamId, callId, decision),
    }),
    'chat.ack': ({ streamId, seq }) => ({ ok: chat.ack(streamId, seq) }),
    'chat.estimate': (input) => chat.estimate(input),

    'costs.conversation': ({ conversationId }) =>
      deps.aggregates.conversationCost(conversationId, {
        previewOf: (messageId) => conversations.getMessage(messageId)?.text.slice(0, 120) ?? '',
      }),
    'costs.dashboard': (query) => deps.aggregates.dashboard(query, deps.budgets.status()),
    'costs.messageRecords': ({ messageId }) => ledger.byMessage(messageId),
    'costs.export': (request) => {
      const exported = exportLedger(ledger, request);
      return exported;
    },
    'budgets.get': () => budgetView(),
    'budgets.update': ({ budgets }) => {
      settings.updateSettings({ ...settings.getSettings(), budgets });
      return budgetView();
    },

    ...deps.tools.handlers(),
    'batch.list': (input) => batch.list(input),
    'batch.get': (input) => batch.get(input),
    'batch.estimate': (input) => batch.estimate(input),
    'batch.create': (input) => batch.create(input),
    'batch.start': (input) => batch.start(input),
    'batch.pause': (input) => batch.pause(input),
    'batch.cancel': (input) => batch.cancel(input),
    'batch.retryFailed': (input) => batch.retryFailed(input),
    'batch.export': (input) => batch.export(input),
    'batch.openAsConversation': (input) => batch.openAsConversation(input),

    // The catalogue refresh (Settings → Models): a refused dataset or a stale check is a `DatasetError`.
    'catalogue.info': () => deps.catalogue.info(),
    'catalogue.check': (input) => deps.catalogue.check(input, settings.getSettings().catalogue.updateUrl),
    'catalogue.apply': ({ checkId }) => deps.catalogue.apply(checkId),
    'catalogue.revert': () => deps.catalogue.revert(),

    'config.export': () => {
      const exported = exportConfig(settings.snapshot(), { appVersion: deps.host.version });
      return { filename: exported.filename, content: exported.content };
    },
    'config.import': ({ content, dryRun }) =>
      importConfig(settings, content, {
        dryRun,
        isKnownModel: (id) => registry.catalogue().find(id) !== undefined,
      }),

    ...transferHandlers(deps.transfer),
  };
}
