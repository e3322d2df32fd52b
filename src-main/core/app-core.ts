/**
 * The composition root of the main-process core: opens the data directory (database, attachments, settings,
 * key vault, log), builds the catalogue, profiles, ledger, budgets, rate limiter, health monitor, response cache
 * and call pipeline, the services on top of them, and the bridge router that maps every contract call to one of
 * them. Plain Node: both hosts (Electron shell, web host) create it and only wire it to their transport.
 */
import { mkdirSync } from 'node:fs';
import { createHandlers, type HostInfo } from './app-handlers';
import { BatchService } from './batch/batch-service';
import { EventBus } from './bridge/events';
import { createBridgeRouter } from './bridge/router';
import { Profiles } from './catalogue/profiles';
import { CatalogueStore } from './catalogue/refresh/store';
import type { HostableCore } from './hostable';
import { Aggregates } from './ledger/aggregate';
import { BudgetGuard } from './ledger/budgets';
import { Ledger } from './ledger/ledger';
import { createLogger, type Logger } from './logging/logger';
import { CallPlanner, ChatPlanning, JobPlanning, type PlanningDeps } from './planning/index';
import { cacheSettingsFrom, ResponseCache } from './policies/cache';
import { HealthMonitor } from './policies/health';
import { CallPipeline } from './policies/pipeline';
import { RateLimiter } from './policies/rate-limit';
import type { Env } from './providers/index';
import { createRedactor } from './redaction/redact';
import { ChatService } from './services/chat-service';
import { ProviderRegistry } from './services/provider-registry';
import { StrategyContextFitter } from './services/strategy-context-fitter';
import { PipelineStructuredAnswers } from './services/structured-answers';
import { AttachmentStore } from './storage/attachments';
import { ConversationStore } from './storage/conversations';
import { Database } from './storage/database';
import { dataPaths } from './storage/data-dir';
import { NoticeList } from './storage/notices';
import { SettingsStore } from './storage/settings';
import type { OpenSettingsFile } from './storage/settings-file';
import { openVault, type VaultBackendOption } from './vault/vault';
import { ChatTools } from './tools/chat-tools';
import { ToolsService, type ToolServerConfirmation } from './tools/tools-service';
import { transferEndpoints } from './transfer/handlers';
import { TransferStaging } from './transfer/staging';
import { TransferService, type FileDialogs } from './transfer/transfer-service';

export type AppCoreOptions = HostInfo & {
  env: Env;
  vault: VaultBackendOption;
  /** How the host opens settings.json: electron-store in the Electron shell, conf (the default) elsewhere. */
  openSettingsFile?: OpenSettingsFile;
  /**
   * Asks the user, outside the window, before a tool server's program or address is saved (Electron: a native
   * dialog a compromised page cannot answer). Absent (web host): the page's own Save is the user's word.
   */
  confirmToolServer?: (request: ToolServerConfirmation) => Promise<boolean>;
  /** How often providers are checked (no tokens spent); 0 turns the checks off. */
  healthCheckIntervalMs?: number;
  now?: () => number;
  /** How long a catalogue check may wait for the dataset's address (Settings → Models); 30 s by default. */
  catalogueFetchTimeoutMs?: number;
  /** The desktop shell's open and save dialogs for transfers; the web host moves files over HTTP instead. */
  fileDialogs?: FileDialogs;
};

export type AppCore = HostableCore & {
  readonly logger: Logger;
  readonly dataDir: string;
};

const HOUR = 3_600_000;

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const paths = dataPaths(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  const notices = new NoticeList();
  const settings = new SettingsStore({ dir: options.dataDir, notices, openFile: options.openSettingsFile });
  const vault = await openVault({
    backend: options.vault,
    file: paths.vault,
    env: options.env,
    notices,
    platform: options.platform,
  });
  const redactor = createRedactor({ secrets: () => vault.secretValues() });
  const logger = createLogger({
    dir: paths.logs,
    redactor,
    logPrompts: () => settings.getSettings().privacy.logPrompts,
  });
  const db = new Database(paths.database, {
    notices,
    onRecovery: (report) => logger.warn('The database was recovered', { report }),
  });
  const attachments = new AttachmentStore(db, { dir: paths.attachments });
  const conversations = new ConversationStore(db, { attachments });
  const ledger = new Ledger(db);
  const aggregates = new Aggregates(ledger);
  const budgets = new BudgetGuard(aggregates, () => settings.getSettings().budgets);
  const now = options.now ?? Date.now;
  const catalogueStore = new CatalogueStore({
    dir: options.dataDir,
    notices,
    now,
    ...(options.catalogueFetchTimeoutMs
      ? { fetchOptions: { timeoutMs: options.catalogueFetchTimeoutMs } }
      : {}),
    onError: (message, error) => logger.warn(message, { error }),
  });
  const registry = new ProviderRegistry({
    settings,
    vault,
    env: options.env,
    catalogueFile: () => catalogueStore.active(),
    now,
  });
  const profiles = () => new Profiles(settings.listProfiles());

  const limiter = new RateLimiter({
    limitsFor: (provider, model) => {
      const p = registry.get(provider);
      return { provider: p?.rateLimit, model: p?.modelRateLimits[model] };
    },
  });
  const health = new HealthMonitor({
    providers: () =>
      registry
        .list()
        .filter((p) => p.enabled)
        .map((p) => p.id),
    adapterFor: (id) => registry.adapterFor(id),
    labelFor: (id) => registry.labelOf(id),
  });
  const cache = new ResponseCache(db, () => cacheSettingsFrom(settings.getSettings().cache));
  const pipeline = new CallPipeline({
    adapterFor: (id) => registry.adapterFor(id),
    settingsFor: (id) => registry.get(id),
    keys: registry.keyRing,
    limiter,
    health,
    cache,
    onCacheError: (error) => logger.warn('The response cache failed', { error }),
  });
  const planner = new CallPlanner({
    catalogue: () => registry.catalogue(),
    profiles,
    defaultProfileId: () => settings.getSettings().defaultProfileId,
    fallbackOnAuthError: () => settings.getSettings().fallbackOnAuthError,
  });
  const fileOf = (hash: string) => attachments.filePath(hash);
  const planning: PlanningDeps = {
    planner,
    facts: {
      isConfigured: (provider) => registry.isConfigured(provider),
      labelOf: (provider) => registry.labelOf(provider),
      modelName: (ref) => registry.catalogue().find(ref)?.displayName ?? ref,
    },
    catalogue: () => registry.catalogue(),
    kindOf: (provider) => registry.get(provider)?.kind,
    budgets,
    fileOf,
  };
  const events = new EventBus();
  const tools = new ToolsService({
    db,
    settings,
    vault,
    profiles,
    conversationProfile: (id) => {
      const found = conversations.get(id)?.conversation;
      return found ? (found.profileId ?? settings.getSettings().defaultProfileId) : null;
    },
    defaultProfileId: () => settings.getSettings().defaultProfileId,
    redact: (text) => redactor.redact(text),
    events,
    logger: logger.child({ area: 'tools' }),
    clientVersion: options.version,
    ...(options.confirmToolServer ? { confirm: options.confirmToolServer } : {}),
  });
  const pricesOf = (ref: string) => registry.catalogue().find(ref)?.prices ?? null;
  const structured = new PipelineStructuredAnswers({ pipeline, ledger, pricesOf });
  const context = new StrategyContextFitter({ conversations, pipeline, registry, ledger, fileOf });
  const chatPlanning = new ChatPlanning({
    ...planning,
    context,
    tools: (conversationId, profileId, o) => tools.offered(conversationId, profileId, o),
  });
  const chatTools = new ChatTools({
    manager: tools.manager,
    allowAlways: (serverId, tool) => tools.allowAlways(serverId, tool),
    saveTools: (answerId, saved) => conversations.updateTools(answerId, saved),
  });
  const chat = new ChatService({
    conversations,
    attachments,
    pipeline,
    planning: chatPlanning,
    registry,
    ledger,
    events,
    logger: logger.child({ area: 'chat' }),
    structured,
    tools: chatTools,
  });
  const batch = new BatchService({
    db,
    attachments,
    conversations,
    pipeline,
    planning: new JobPlanning(planning),
    ledger,
    budgets,
    catalogue: () => registry.catalogue(),
    emit: (payload) => events.emit('batch.progress', payload),
    logger: logger.child({ area: 'batch' }),
  });
  void batch.resumeInterrupted();

  const staging = new TransferStaging(paths.transfer);
  const transfer = new TransferService({
    db,
    conversations,
    attachments,
    ledger,
    settings,
    staging,
    appVersion: options.version,
    modelName: (ref) => registry.catalogue().find(ref)?.displayName ?? ref,
    isKnownModel: (id) => registry.catalogue().find(id) !== undefined,
    emit: (job) => events.emit('transfer.progress', job),
    conversationsChanged: (ids) => events.emit('conversations.changed', { ids }),
    ...(options.fileDialogs ? { dialogs: options.fileDialogs } : {}),
    onError: (error) => logger.error('A transfer failed', error),
  });

  // Answers cut off by a crash or a kill were saved up to their last token; their calls never reached the ledger.
  for (const message of conversations.interruptedAtStartup) {
    const before = (conversations.get(message.conversationId)?.messages ?? []).filter(
      (m) => m.createdAt <= message.createdAt && m.id !== message.id,
    );
    const row = await chatPlanning.interruptedRow(message, before);
    if (row) ledger.append(row);
  }

  const router = createBridgeRouter(
    createHandlers({
      host: options,
      notices,
      settings,
      vault,
      registry,
      health,
      profiles,
      conversations,
      attachments,
      chat,
      batch,
      tools,
      catalogue: catalogueStore,
      transfer,
      ledger,
      aggregates,
      budgets,
    }),
    {
      redact: (text, max) => redactor.redactClipped(text, max),
      onInternalError: (name, error) => logger.error(`Bridge call ${name} failed`, error),
    },
  );

  const unsubscribe = [
    settings.onChange(() => events.emit('settings.changed', settings.getSettings())),
    registry.onChange(() => events.emit('providers.changed', {})),
    health.subscribe(() => events.emit('health.changed', health.all())),
    notices.onAdded((notice) => events.emit('notices.added', notice)),
    catalogueStore.onChange(() => registry.catalogueChanged()),
  ];
  const timers: Array<() => void> = [];
  const interval = options.healthCheckIntervalMs ?? 5 * 60_000;
  if (interval > 0) timers.push(health.startChecks(interval));
  const housekeeping = setInterval(() => {
    try {
      conversations.purgeDeleted();
      attachments.collectGarbage();
    } catch (error) {
      logger.warn('Housekeeping failed', { error });
    }
  }, HOUR);
  housekeeping.unref();
  timers.push(() => clearInterval(housekeeping));
  // The daily catalogue check, when the user turned it on (off by default): at most once a day, it only tells.
  const catalogueCheck = () => void catalogueStore.dailyCheck(settings.getSettings().catalogue);
  const catalogueTimer = setInterval(catalogueCheck, HOUR);
  catalogueTimer.unref();
  timers.push(() => clearInterval(catalogueTimer));
  const firstCheck = setTimeout(catalogueCheck, 10_000);
  firstCheck.unref();
  timers.push(() => clearTimeout(firstCheck));
  timers.push(settings.onChange(() => catalogueCheck()));
  logger.info('Modeldesk core started', { host: options.host, version: options.version });

  let disposed = false;
  return {
    router,
    events,
    logger,
    dataDir: options.dataDir,
    transfers: transferEndpoints(staging),
    async attachmentFile(hash) {
      if (!/^[a-f0-9]{64}$/.test(hash)) return null;
      return attachments.file(hash);
    },
    clientConnected() {},
    clientDisconnected(clientId) {
      chat.clientDisconnected(clientId);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const stop of timers) stop();
      for (const off of unsubscribe) off();
      transfer.dispose();
      await batch.dispose();
      await chat.dispose();
      // Every MCP server stopped, and whatever they started: no child process outlives the app.
      await tools.dispose();
      registry.dispose();
      db.close();
      await logger.close();
    },
  };
}
