/**
 * The bridge contract: every call the renderer may make to main, and every event main may send back,
 * each with its zod schemas. Main validates every payload against it; the preload exposes exactly these
 * names and nothing else; the renderer's types come from here. There is no generic invoke-anything channel.
 */
import { z } from 'zod';
import { AttachmentSchema, ConversationSchema, MessageSchema } from './conversations';
import { ErrorInfoSchema, UsageSchema } from './usage';
import { ModelInfoSchema, ModelRefSchema, PricesSchema, ProviderHealthSchema } from './models';
import { ProfileSchema } from './profiles';
import { ProviderSettingsSchema, SettingsPatchSchema, SettingsSchema } from './settings';
import {
  AggregateRowSchema,
  BucketSchema,
  BudgetStatusSchema,
  BudgetsSchema,
  InstantSchema,
  LedgerRecordSchema,
} from './ledger';
import { BatchItemSchema, BatchJobSchema } from './batch';
import { CatalogueCheckInputSchema, CatalogueCheckSchema, CatalogueInfoSchema } from './catalogue';
import {
  McpImportPreviewSchema,
  McpLogLineSchema,
  McpSecretValuesSchema,
  McpServerSettingsSchema,
  McpServerStatusSchema,
  McpServerViewSchema,
  McpTestResultSchema,
  ServerIdSchema,
  ToolApprovalSchema,
  ToolCallRecordSchema,
  ToolChoiceSchema,
  ToolChoiceViewSchema,
} from './tools';
import {
  ArtifactSchema,
  ExportRequestSchema,
  TransferIdSchema,
  TransferJobSchema,
  UploadInfoSchema,
} from './transfer';
import { MAX_BATCH_IMAGES, MAX_IMAGES_PER_MESSAGE } from './limits';

const Id = z.string().min(1).max(200);
const Empty = z.object({}).strict();

/** How the vault protects keys on this host; the renderer says it plainly in Settings. */
export const VaultStatusSchema = z.object({
  backend: z.enum(['safe-storage', 'passphrase-file', 'memory']),
  /** Electron's Linux backend when known: basic_text is weak. */
  linuxBackend: z.string().optional(),
  weak: z.boolean(),
  message: z.string(),
  locked: z.boolean(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

export const NoticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  dataDir: z.string(),
  vault: VaultStatusSchema,
  notices: z.array(NoticeSchema),
  /** Keys found in the environment on first run, offered for import (never the keys themselves). */
  envKeys: z.array(z.object({ provider: z.string(), envVar: z.string(), last4: z.string() })),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const KeyViewSchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  last4: z.string(),
  addedAt: z.number(),
  source: z.enum(['vault', 'environment']),
});
export type KeyView = z.infer<typeof KeyViewSchema>;

export const ProviderViewSchema = ProviderSettingsSchema.extend({
  keys: z.array(KeyViewSchema),
  health: ProviderHealthSchema,
  /** A provider that needs no key (a local server) is configured with a base URL alone. */
  needsKey: z.boolean(),
  configured: z.boolean(),
});
export type ProviderView = z.infer<typeof ProviderViewSchema>;

export const ProviderTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  models: z.number().int().optional(),
  error: ErrorInfoSchema.optional(),
});

/**
 * Main's verdict on a request that cannot be sent: the error a send would be refused with (`error`; `reason` is
 * its text with what to do) and the models or profiles that could take it instead.
 */
export const BlockedSchema = z.object({
  reason: z.string(),
  error: ErrorInfoSchema,
  suggestions: z.array(
    z.object({ label: z.string(), model: z.string().optional(), profileId: z.string().optional() }),
  ),
});
export type Blocked = z.infer<typeof BlockedSchema>;

export const EstimateSchema = z.object({
  model: z.string().nullable(),
  inputTokens: z.number().int(),
  method: z.enum(['exact', 'estimate']),
  imageTokens: z.number().int(),
  maxOutputTokens: z.number().int(),
  /** Cost of the input plus the longest answer allowed, in micro-dollars; null when a price is unknown. */
  inputCostMicros: z.number().int().nullable(),
  maxCostMicros: z.number().int().nullable(),
  contextWindow: z.number().int().nullable(),
  /** What the context strategy will do: everything fits, turns dropped, turns summarized, or refused. */
  context: z.object({
    fits: z.boolean(),
    overByTokens: z.number().int(),
    excludedMessageIds: z.array(z.string()),
    action: z.enum(['none', 'drop-oldest', 'summarize', 'refuse']),
    /** Room kept for the answer in the context window (the profile's answer limit, else a typical long answer). */
    answerTokens: z.number().int(),
  }),
  /** Why Send is disabled, if it is (main's verdict), with what to do instead. */
  blocked: BlockedSchema.optional(),
  autoChoice: z.object({ model: z.string(), reason: z.string() }).optional(),
  /**
   * The model the target names has retired: main's notice, its successor, and the profile that names it (none
   * when the model was picked for the conversation). The window offers the switch in one action.
   */
  retired: z
    .object({
      model: z.string(),
      notice: z.string(),
      successor: z.object({ id: z.string(), displayName: z.string() }).optional(),
      profileId: z.string().optional(),
    })
    .optional(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

const SendTarget = z.object({
  profileId: Id.optional(),
  model: ModelRefSchema.optional(),
});

/** Events of one streaming answer, as they reach the renderer (coalesced: deltas are joined per batch). */
export const ChatStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    phase: z.enum(['queued', 'rate-limited', 'connecting', 'streaming']),
    detail: z.string().optional(),
    position: z.number().int().optional(),
    untilMs: z.number().optional(),
  }),
  z.object({
    type: z.literal('retry'),
    attempt: z.number().int(),
    maxAttempts: z.number().int(),
    delayMs: z.number(),
    untilMs: z.number(),
    provider: z.string(),
    model: z.string(),
    error: ErrorInfoSchema,
  }),
  z.object({ type: z.literal('fallback'), from: z.string(), to: z.string(), reason: z.string() }),
  z.object({
    type: z.literal('model'),
    model: z.string(),
    provider: z.string(),
    autoReason: z.string().optional(),
  }),
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('thinking'), text: z.string() }),
  z.object({ type: z.literal('tool-call'), id: z.string(), name: z.string(), arguments: z.unknown() }),
  /** A tool call of the answer was asked for, or changed state (awaiting approval, running, done...). */
  z.object({ type: z.literal('tool'), call: ToolCallRecordSchema }),
  /** The next model round of a tool loop starts (its text follows the tool calls before it). */
  z.object({ type: z.literal('round'), round: z.number().int().positive() }),
  z.object({ type: z.literal('usage'), usage: UsageSchema }),
  z.object({ type: z.literal('done'), message: MessageSchema }),
  z.object({ type: z.literal('error'), error: ErrorInfoSchema, message: MessageSchema }),
]);
export type ChatStreamEvent = z.infer<typeof ChatStreamEventSchema>;

export const ChatStreamBatchSchema = z.object({
  streamId: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  /** Increases by one per batch; the renderer acknowledges it (backpressure). */
  seq: z.number().int().nonnegative(),
  events: z.array(ChatStreamEventSchema),
});
export type ChatStreamBatch = z.infer<typeof ChatStreamBatchSchema>;

export const ConversationCostSchema = z.object({
  conversationId: z.string(),
  totalMicros: z.number().int(),
  unknownCostCalls: z.number().int(),
  /** Calls whose usage was estimated (a cut answer, a crash): the total holds estimates, and says so. */
  estimatedCalls: z.number().int(),
  byModel: z.array(AggregateRowSchema),
  byProvider: z.array(AggregateRowSchema),
  /** What retries, fallbacks and failed attempts cost. */
  overheadMicros: z.number().int(),
  savedByCacheMicros: z.number().int(),
  topMessages: z.array(
    z.object({
      messageId: z.string(),
      costMicros: z.number().int(),
      model: z.string().optional(),
      preview: z.string(),
      /** Its cost holds an estimate. */
      estimated: z.boolean().optional(),
      /** Model rounds of an answer that used tools (absent: one round). */
      rounds: z.number().int().positive().optional(),
    }),
  ),
  /** Model rounds after tool calls (ledger role tool_round): how many, in how many answers, and their cost. */
  toolRounds: z.object({
    rounds: z.number().int(),
    answers: z.number().int(),
    costMicros: z.number().int(),
    unknownCostCalls: z.number().int(),
  }),
  totals: AggregateRowSchema,
});
export type ConversationCost = z.infer<typeof ConversationCostSchema>;

export const DashboardSchema = z.object({
  from: z.number(),
  to: z.number(),
  bucket: BucketSchema,
  overTime: z.array(AggregateRowSchema),
  byProvider: z.array(AggregateRowSchema),
  byModel: z.array(AggregateRowSchema),
  byProfile: z.array(AggregateRowSchema),
  totals: AggregateRowSchema,
  budgets: z.array(BudgetStatusSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const ConfigProblemSchema = z.object({ path: z.string(), message: z.string() });

/** The characters (strings and field names together) a call's input may carry unless it says otherwise. */
export const DEFAULT_MAX_INPUT_CHARS = 200_000;

/**
 * A call: its input and output schemas, and the most characters its input may carry, checked before the schema
 * (and by the web host before it parses a frame) so an oversized payload is refused for what the budget costs.
 */
function call<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  limits: { maxChars?: number } = {},
) {
  return { input, output, maxChars: limits.maxChars ?? DEFAULT_MAX_INPUT_CHARS };
}

/** Every call from the renderer to main. Names are `area.verb`. */
export const calls = {
  'app.info': call(Empty, AppInfoSchema),
  'app.dismissNotice': call(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  /** Opens an https: link in the system browser after the user confirms; anything else is refused. */
  'app.openExternal': call(
    z.object({ url: z.string().max(4096) }),
    z.object({ opened: z.boolean(), reason: z.string().optional() }),
  ),

  'settings.get': call(Empty, SettingsSchema),
  'settings.update': call(z.object({ patch: SettingsPatchSchema }), SettingsSchema),

  'providers.list': call(Empty, z.array(ProviderViewSchema)),
  'providers.upsert': call(z.object({ provider: ProviderSettingsSchema }), ProviderViewSchema),
  'providers.remove': call(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  /** The only way a key crosses the bridge: renderer to main, once. It never comes back. */
  'providers.addKey': call(
    z.object({ providerId: Id, key: z.string().min(1).max(4096), label: z.string().max(100).optional() }),
    KeyViewSchema,
  ),
  'providers.removeKey': call(z.object({ providerId: Id, keyId: Id }), z.object({ ok: z.literal(true) })),
  'providers.importEnvKeys': call(z.object({ providers: z.array(Id).max(100) }), z.array(KeyViewSchema)),
  'providers.test': call(z.object({ providerId: Id }), ProviderTestResultSchema),
  'vault.unlock': call(z.object({ passphrase: z.string().min(1).max(1024) }), VaultStatusSchema),
  /** Keep using a weak keychain (Linux basic_text) after being told what that means. */
  'vault.acceptWeak': call(Empty, VaultStatusSchema),

  'health.get': call(Empty, z.array(ProviderHealthSchema)),

  'models.list': call(Empty, z.array(ModelInfoSchema)),
  'models.upsertCustom': call(
    z.object({ model: ModelInfoSchema.omit({ source: true, configured: true }) }),
    ModelInfoSchema,
  ),
  'models.removeCustom': call(z.object({ id: ModelRefSchema }), z.object({ ok: z.literal(true) })),
  'models.setPriceOverride': call(
    z.object({ id: ModelRefSchema, prices: PricesSchema.nullable() }),
    ModelInfoSchema,
  ),

  /** The catalogue in use: its date, its dataset, and what "Go back" would return to. */
  'catalogue.info': call(Empty, CatalogueInfoSchema),
  /** Fetches (in main, bounded) or reads the dataset, validates it and says what would change; changes nothing. */
  'catalogue.check': call(CatalogueCheckInputSchema, CatalogueCheckSchema),
  /** Uses what a check found; the catalogue it replaces is kept to go back to. Past costs are never re-priced. */
  'catalogue.apply': call(z.object({ checkId: Id }), CatalogueInfoSchema),
  'catalogue.revert': call(Empty, CatalogueInfoSchema),

  'profiles.list': call(Empty, z.array(ProfileSchema)),
  'profiles.upsert': call(z.object({ profile: ProfileSchema }), ProfileSchema),
  'profiles.remove': call(z.object({ id: Id }), z.object({ ok: z.literal(true) })),

  'conversations.list': call(
    z.object({
      query: z.string().max(500).optional(),
      sort: z.enum(['activity', 'cost']).default('activity'),
      minCostMicros: z.number().int().optional(),
    }),
    z.array(ConversationSchema.extend({ snippet: z.string().optional() })),
  ),
  'conversations.get': call(
    z.object({ id: Id }),
    z.object({ conversation: ConversationSchema, messages: z.array(MessageSchema) }),
  ),
  'conversations.create': call(
    z.object({
      title: z.string().max(300).optional(),
      profileId: Id.optional(),
      model: ModelRefSchema.optional(),
      /** The tools chosen in a new chat before its first message (instead of its profile's). */
      tools: ToolChoiceSchema.optional(),
    }),
    ConversationSchema,
  ),
  'conversations.update': call(
    z.object({
      id: Id,
      title: z.string().min(1).max(300).optional(),
      profileId: Id.nullable().optional(),
      model: ModelRefSchema.nullable().optional(),
      draft: z.string().max(200_000).optional(),
    }),
    ConversationSchema,
  ),
  /** Soft delete: `conversations.restore` undoes it until the app purges it. */
  'conversations.delete': call(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  'conversations.restore': call(z.object({ id: Id }), ConversationSchema),

  'messages.delete': call(z.object({ id: Id }), z.object({ ok: z.literal(true) })),
  'messages.setPinned': call(z.object({ id: Id, pinned: z.boolean() }), MessageSchema),
  /** Edits a summary (context strategy) or a user message's text without sending. */
  'messages.updateText': call(z.object({ id: Id, text: z.string().max(1_000_000) }), MessageSchema, {
    maxChars: 1_000_300,
  }),

  /** Stores an image once by content hash; bytes travel base64 so both hosts carry them the same way. */
  'attachments.add': call(
    z.object({
      name: z.string().max(500).optional(),
      mediaType: z.string().max(100),
      dataBase64: z.string().max(40_000_000),
    }),
    AttachmentSchema,
    { maxChars: 40_001_000 },
  ),

  'chat.send': call(
    z.object({
      conversationId: Id,
      text: z.string().max(1_000_000),
      attachments: z
        .array(
          z
            .string()
            .max(64)
            .regex(/^[a-f0-9]{64}$/),
        )
        .max(MAX_IMAGES_PER_MESSAGE)
        .default([]),
      target: SendTarget.default({}),
      /** Replace this assistant answer (regenerate); the cache is bypassed. */
      regenerateOf: Id.optional(),
      /** Replace this user message and everything after it (edit and resend). */
      editOf: Id.optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
    }),
    z.object({ streamId: z.string(), userMessageId: z.string(), assistantMessageId: z.string() }),
    { maxChars: 1_300_000 },
  ),
  'chat.stop': call(z.object({ streamId: Id }), z.object({ ok: z.boolean() })),
  /** Skip the wait of a pending retry. */
  'chat.retryNow': call(z.object({ streamId: Id }), z.object({ ok: z.boolean() })),
  /** The user's word on a tool call waiting for it: allow once, always for this tool, or deny. */
  'chat.approveTool': call(
    z.object({ streamId: Id, callId: Id, decision: ToolApprovalSchema }),
    z.object({ ok: z.boolean() }),
  ),
  /** Acknowledge a stream batch: main sends at most a few unacknowledged batches and coalesces the rest. */
  'chat.ack': call(
    z.object({ streamId: Id, seq: z.number().int().nonnegative() }),
    z.object({ ok: z.boolean() }),
  ),
  'chat.estimate': call(
    z.object({
      conversationId: Id.optional(),
      text: z.string().max(1_000_000),
      attachments: z
        .array(
          z
            .string()
            .max(64)
            .regex(/^[a-f0-9]{64}$/),
        )
        .max(MAX_IMAGES_PER_MESSAGE)
        .default([]),
      target: SendTarget.default({}),
      /** The JSON schema the answer is to follow, as `chat.send` would carry it. */
      schema: z.record(z.string(), z.unknown()).optional(),
    }),
    EstimateSchema,
    { maxChars: 1_010_000 },
  ),

  'costs.conversation': call(z.object({ conversationId: Id }), ConversationCostSchema),
  'costs.dashboard': call(
    z.object({ from: InstantSchema, to: InstantSchema, bucket: BucketSchema }),
    DashboardSchema,
  ),
  'costs.messageRecords': call(z.object({ messageId: Id }), z.array(LedgerRecordSchema)),
  'costs.export': call(
    z.object({
      format: z.enum(['csv', 'json']),
      from: InstantSchema.optional(),
      to: InstantSchema.optional(),
    }),
    z.object({ filename: z.string(), mediaType: z.string(), content: z.string() }),
  ),
  'budgets.get': call(Empty, z.object({ budgets: BudgetsSchema, status: z.array(BudgetStatusSchema) })),
  'budgets.update': call(
    z.object({ budgets: BudgetsSchema }),
    z.object({ budgets: BudgetsSchema, status: z.array(BudgetStatusSchema) }),
  ),

  'batch.list': call(Empty, z.array(BatchJobSchema)),
  'batch.get': call(
    z.object({ jobId: Id }),
    z.object({ job: BatchJobSchema, items: z.array(BatchItemSchema) }),
  ),
  'batch.estimate': call(
    z.object({
      prompt: z.string().max(100_000),
      attachments: z
        .array(
          z
            .string()
            .max(64)
            .regex(/^[a-f0-9]{64}$/),
        )
        .min(1)
        .max(MAX_BATCH_IMAGES),
      target: SendTarget.default({}),
      schema: z.record(z.string(), z.unknown()).optional(),
    }),
    z.object({
      images: z.number().int(),
      inputTokens: z.number().int(),
      maxCostMicros: z.number().int().nullable(),
      budgetLeftMicros: z.number().int().nullable(),
      model: z.string().nullable(),
      /** Why the job cannot run, if it cannot (main's verdict), with what to do instead. */
      blocked: BlockedSchema.optional(),
    }),
    { maxChars: 600_000 },
  ),
  'batch.create': call(
    z.object({
      title: z.string().max(300).optional(),
      prompt: z.string().min(1).max(100_000),
      attachments: z
        .array(
          z
            .string()
            .max(64)
            .regex(/^[a-f0-9]{64}$/),
        )
        .min(1)
        .max(MAX_BATCH_IMAGES),
      target: SendTarget.default({}),
      schema: z.record(z.string(), z.unknown()).optional(),
      concurrency: z.number().int().min(1).max(16).default(4),
    }),
    BatchJobSchema,
    { maxChars: 600_000 },
  ),
  'batch.start': call(z.object({ jobId: Id }), BatchJobSchema),
  'batch.pause': call(z.object({ jobId: Id }), BatchJobSchema),
  'batch.cancel': call(z.object({ jobId: Id }), BatchJobSchema),
  'batch.retryFailed': call(z.object({ jobId: Id }), BatchJobSchema),
  'batch.export': call(
    z.object({ jobId: Id, format: z.enum(['csv', 'json']) }),
    z.object({ filename: z.string(), mediaType: z.string(), content: z.string() }),
  ),
  'batch.openAsConversation': call(z.object({ jobId: Id, itemId: Id }), ConversationSchema),

  /** MCP servers (Settings → Tools): never a secret value on the way back, only names and last four characters. */
  'mcp.list': call(Empty, z.array(McpServerViewSchema)),
  /** Adds or changes a server; secret values travel here once, renderer to main, like API keys. */
  'mcp.upsert': call(
    z.object({ server: McpServerSettingsSchema, secrets: McpSecretValuesSchema.optional() }),
    McpServerViewSchema,
  ),
  'mcp.remove': call(z.object({ id: ServerIdSchema }), z.object({ ok: z.literal(true) })),
  /** Starts (or restarts) the server and lists its tools. */
  'mcp.test': call(z.object({ id: ServerIdSchema }), McpTestResultSchema),
  'mcp.stop': call(z.object({ id: ServerIdSchema }), z.object({ ok: z.literal(true) })),
  'mcp.log': call(z.object({ id: ServerIdSchema }), z.object({ lines: z.array(McpLogLineSchema) })),
  /** Reads an `mcpServers` block (claude_desktop_config.json) and says what importing it would do. */
  'mcp.importPreview': call(z.object({ content: z.string().max(1_000_000) }), McpImportPreviewSchema),
  'mcp.import': call(
    z.object({
      content: z.string().max(1_000_000),
      /** The servers to import, by their name in the file. */
      keys: z.array(z.string().max(200)).max(100),
      /** Replace servers of the same id (otherwise they are skipped). */
      replace: z.boolean().default(false),
    }),
    z.object({
      imported: z.array(z.string()),
      skipped: z.array(z.object({ key: z.string(), reason: z.string() })),
    }),
  ),
  /** Which tools the next answer may use (main's verdict), for the composer control. */
  'tools.choice': call(
    z.object({
      conversationId: Id.optional(),
      target: SendTarget.default({}),
      /** A new chat's own choice, before it exists: the verdict on what it would offer. */
      choice: ToolChoiceSchema.optional(),
    }),
    ToolChoiceViewSchema,
  ),
  /** A conversation's own choice of tools; null goes back to its profile's. */
  'tools.setConversationChoice': call(
    z.object({ conversationId: Id, choice: ToolChoiceSchema.nullable() }),
    ToolChoiceViewSchema,
  ),

  'config.export': call(Empty, z.object({ filename: z.string(), content: z.string() })),
  'config.import': call(
    z.object({ content: z.string().max(10_000_000), dryRun: z.boolean().default(false) }),
    z.object({ ok: z.boolean(), problems: z.array(ConfigProblemSchema), summary: z.string() }),
    { maxChars: 10_000_100 },
  ),

  /** Export conversations as Markdown or JSON: a job whose result is an artifact to download or save. */
  // Every conversation of a large list by id: 20,000 ids of up to 200 characters.
  'transfer.export': call(ExportRequestSchema, TransferJobSchema, { maxChars: 4_100_000 }),
  /** Reads an uploaded file (ChatGPT, Chatbox, Modeldesk export or backup) and previews what it holds. */
  'transfer.inspect': call(z.object({ uploadId: TransferIdSchema }).strict(), TransferJobSchema),
  'transfer.import': call(
    z.object({ uploadId: TransferIdSchema, duplicates: z.enum(['skip', 'copy']).default('skip') }).strict(),
    TransferJobSchema,
  ),
  /** Everything in one file: conversations, attachments, the ledger and the configuration (never keys). */
  'transfer.backup': call(Empty, TransferJobSchema),
  /** `replace` needs an empty data folder; `merge` adds what is not here yet. */
  'transfer.restore': call(
    z.object({ uploadId: TransferIdSchema, mode: z.enum(['replace', 'merge']) }).strict(),
    TransferJobSchema,
  ),
  'transfer.get': call(z.object({ jobId: TransferIdSchema }).strict(), TransferJobSchema),
  'transfer.cancel': call(z.object({ jobId: TransferIdSchema }).strict(), z.object({ ok: z.boolean() })),
  /** Electron: choose a file in main's open dialog (the web host takes uploads over HTTP instead). */
  'transfer.openFile': call(
    z.object({ purpose: z.enum(['import', 'restore']) }).strict(),
    z.object({ upload: UploadInfoSchema.optional() }),
  ),
  /** Electron: save an artifact where main's save dialog says (the web host serves it as a download). */
  'transfer.saveArtifact': call(
    z.object({ artifactId: TransferIdSchema }).strict(),
    z.object({ saved: z.boolean(), artifact: ArtifactSchema }),
  ),
} as const;

/** Every event from main to the renderer. */
export const events = {
  'chat.stream': ChatStreamBatchSchema,
  'conversations.changed': z.object({
    ids: z.array(z.string()),
    /**
     * When all that changed is known: the conversations as stored now, and the messages added or changed (none was
     * removed). A window applies it as it is; without it, a window reads the conversations again.
     */
    update: z
      .object({ conversations: z.array(ConversationSchema), messages: z.array(MessageSchema) })
      .optional(),
  }),
  'health.changed': z.array(ProviderHealthSchema),
  'providers.changed': z.object({}),
  'settings.changed': SettingsSchema,
  'batch.progress': z.object({ job: BatchJobSchema, items: z.array(BatchItemSchema) }),
  'notices.added': NoticeSchema,
  /** A tool server's state, tools or settings changed; status null: it was removed. */
  'mcp.changed': z.object({ id: z.string(), status: McpServerStatusSchema.nullable() }),
  'transfer.progress': TransferJobSchema,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<(typeof calls)[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof calls)[N]['output']>;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** IPC channel of a call or event: every channel carries the app's prefix. */
export const channelOf = (name: CallName | EventName): string => `modeldesk:${name}`;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The shape both hosts implement and the renderer consumes. */
export type BridgeApi = {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
};

/** Errors cross the bridge as this, never as a raw exception (which could carry secrets or stack traces). */
export const BridgeErrorSchema = ErrorInfoSchema.extend({ bridge: z.literal(true) });
export type BridgeError = z.infer<typeof BridgeErrorSchema>;

/** Every call answers with this envelope, under both hosts. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** The web host's WebSocket frames (JSON). Electron uses one IPC channel per call instead. */
export type WireFromRenderer = { t: 'call'; id: number; name: string; input: unknown };
export type WireToRenderer =
  | { t: 'result'; id: number; result: BridgeResult<unknown> }
  | { t: 'event'; name: EventName; payload: unknown };
