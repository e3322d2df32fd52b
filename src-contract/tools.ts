/**
 * Tools from Model Context Protocol (MCP) servers: how a server is set up (stdio command or Streamable HTTP
 * address; secret environment values and headers live in the key vault, only their names here), what the
 * window sees of one (state, tools, last error), the bounded log, an `mcpServers` import preview, and which tools
 * a model may use (a `ToolChoice`, per profile and per conversation).
 *
 * Every field that comes from the renderer or a server is bounded here; servers' own texts (tool descriptions,
 * schemas, results) are untrusted and are cut to size by main before they reach this shape.
 */
import { z } from 'zod';

/** A server's id: lowercase letters, digits and dashes, like provider and profile ids. */
export const ServerIdSchema = z
  .string()
  .max(48)
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'A server id uses lowercase letters, digits and dashes (48 at most)');
/** MCP tool names are short identifiers; longer or stranger ones are refused by main when listed. */
export const ToolNameSchema = z.string().min(1).max(128);
/** Names that would reach into an object's prototype are never names here. */
const notReserved = (name: string) => !['__proto__', 'constructor', 'prototype'].includes(name);
export const EnvNameSchema = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'An environment variable name uses letters, digits and _')
  .refine(notReserved, 'That name is reserved');
export const HeaderNameSchema = z
  .string()
  .max(128)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'A header name has no spaces or separators')
  .refine(notReserved, 'That name is reserved');
/** A plain (non-secret) environment or header value. */
const PlainValue = z
  .string()
  .max(8192)
  .refine((v) => !/[\r\n\0]/.test(v), 'A value is one line');

const MAX_ENTRIES = 64;
const boundedRecord = <K extends z.ZodType<string>>(key: K) =>
  z
    .record(key, PlainValue)
    .refine((r) => Object.keys(r).length <= MAX_ENTRIES, `At most ${MAX_ENTRIES} entries`);

export const StdioTransportSchema = z.object({
  kind: z.literal('stdio'),
  /** The program to start, as typed in Settings (never from a model). */
  command: z.string().trim().min(1).max(4096),
  args: z.array(z.string().max(4096)).max(100),
  /** The working folder; absent: Modeldesk's own. */
  cwd: z.string().max(4096).optional(),
  /** Plain variables, stored in settings. */
  env: boundedRecord(EnvNameSchema),
  /** Variables whose values are kept in the key vault (names only here). */
  secretEnv: z.array(EnvNameSchema).max(MAX_ENTRIES),
});
export type StdioTransport = z.infer<typeof StdioTransportSchema>;

export const HttpTransportSchema = z.object({
  kind: z.literal('http'),
  /** The Streamable HTTP endpoint (http: or https:). */
  url: z
    .string()
    .max(4096)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'The address starts with http:// or https://'),
  headers: boundedRecord(HeaderNameSchema),
  /** Headers whose values are kept in the key vault (names only here). */
  secretHeaders: z.array(HeaderNameSchema).max(MAX_ENTRIES),
});
export type HttpTransport = z.infer<typeof HttpTransportSchema>;

/** No defaults inside the transports: settings.json's JSON schema (strict ajv, through conf) forbids them in a union. */
export const McpTransportSchema = z.discriminatedUnion('kind', [StdioTransportSchema, HttpTransportSchema]);
export type McpTransport = z.infer<typeof McpTransportSchema>;

/** One MCP server as stored in settings: never a secret value. */
export const McpServerSettingsSchema = z.object({
  id: ServerIdSchema,
  name: z.string().trim().min(1).max(100),
  transport: McpTransportSchema,
  /** A disabled server is never started and offers no tools. */
  enabled: z.boolean().default(true),
  /** Calls to a trusted server's tools run without asking each time. */
  trusted: z.boolean().default(false),
  /** Tools turned off in Settings: never offered to a model. */
  disabledTools: z.array(ToolNameSchema).max(1000).default([]),
  /** Tools the user allowed "always": their calls run without asking. */
  approvedTools: z.array(ToolNameSchema).max(1000).default([]),
  /** Stopped after this long without a call. */
  idleMinutes: z.number().int().min(1).max(1440).default(10),
  /** Until the server has answered the MCP handshake. */
  startTimeoutSeconds: z.number().int().min(1).max(300).default(30),
  /** A tool call that takes longer fails (and is cancelled on the server). */
  callTimeoutSeconds: z.number().int().min(1).max(3600).default(60),
});
export type McpServerSettings = z.infer<typeof McpServerSettingsSchema>;
export type McpServerSettingsInput = z.input<typeof McpServerSettingsSchema>;

/**
 * Secret values sent once from the window to main, like API keys: a string sets the value, null removes it,
 * a name left out keeps what the vault holds. They never come back.
 */
export const McpSecretValuesSchema = z.object({
  env: z
    .record(EnvNameSchema, z.string().min(1).max(8192).nullable())
    .refine((r) => Object.keys(r).length <= MAX_ENTRIES)
    .optional(),
  headers: z
    .record(HeaderNameSchema, z.string().min(1).max(8192).nullable())
    .refine((r) => Object.keys(r).length <= MAX_ENTRIES)
    .optional(),
});
export type McpSecretValues = z.infer<typeof McpSecretValuesSchema>;

/** What went wrong with a server or a tool call, with what to do about it. */
export const ToolErrorKindSchema = z.enum([
  /** The program could not be started, or exited before it was ready. */
  'start_failed',
  /** No answer to the MCP handshake in time. */
  'start_timeout',
  /** The address refused the connection, or an HTTP error. */
  'unreachable',
  /** A secret it needs is missing or locked in the vault. */
  'missing_secret',
  /** A call took longer than the server's call timeout. */
  'timeout',
  /** The server exited or the connection closed while it was working. */
  'crashed',
  /** The server answered with something that is not valid MCP. */
  'bad_response',
  /** The server or tool does not exist (any more), or is turned off. */
  'not_found',
  /** The user denied the call. */
  'denied',
  /** Stopped by the user. */
  'aborted',
  /** The tool itself reported an error (its text is passed on). */
  'tool_error',
]);
export type ToolErrorKind = z.infer<typeof ToolErrorKindSchema>;

export const ToolErrorSchema = z.object({
  kind: ToolErrorKindSchema,
  message: z.string(),
  /** What the user can do, in a sentence. */
  action: z.string().optional(),
});
export type ToolError = z.infer<typeof ToolErrorSchema>;

export const McpToolSchema = z.object({
  name: ToolNameSchema,
  title: z.string().optional(),
  /** Cut to a bounded length by main. */
  description: z.string().optional(),
  /** JSON Schema of the arguments, as the server declared it. */
  inputSchema: z.record(z.string(), z.unknown()),
  /** The server's hints (untrusted): it only reads, or it may destroy. */
  readOnly: z.boolean().optional(),
  destructive: z.boolean().optional(),
});
export type McpTool = z.infer<typeof McpToolSchema>;

export const McpServerStateSchema = z.enum(['stopped', 'starting', 'running', 'failed']);
export type McpServerState = z.infer<typeof McpServerStateSchema>;

export const McpServerStatusSchema = z.object({
  state: McpServerStateSchema,
  /** The process id of a running stdio server. */
  pid: z.number().int().optional(),
  startedAt: z.number().optional(),
  lastUsedAt: z.number().optional(),
  /** Why it failed or stopped last (kept until it starts again). */
  error: ToolErrorSchema.optional(),
  /** The tools as last listed (kept while the server is stopped). */
  tools: z.array(McpToolSchema),
  toolsListedAt: z.number().optional(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).optional(),
  /** Calls running now. */
  activeCalls: z.number().int().nonnegative(),
});
export type McpServerStatus = z.infer<typeof McpServerStatusSchema>;

/** A secret's name and whether the vault holds its value (its last four characters), never the value. */
export const McpSecretViewSchema = z.object({
  where: z.enum(['env', 'header']),
  name: z.string(),
  last4: z.string().nullable(),
});
export type McpSecretView = z.infer<typeof McpSecretViewSchema>;

export const McpServerViewSchema = McpServerSettingsSchema.extend({
  secrets: z.array(McpSecretViewSchema),
  status: McpServerStatusSchema,
});
export type McpServerView = z.infer<typeof McpServerViewSchema>;

export const McpLogLineSchema = z.object({
  at: z.number(),
  /** stderr: what a stdio server wrote there; event: what Modeldesk did or saw. */
  source: z.enum(['stderr', 'event']),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string(),
});
export type McpLogLine = z.infer<typeof McpLogLineSchema>;

export const McpTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  tools: z.number().int().optional(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).optional(),
  error: ToolErrorSchema.optional(),
});
export type McpTestResult = z.infer<typeof McpTestResultSchema>;

export const ImportProblemSchema = z.object({ path: z.string(), message: z.string() });

/** One server of an `mcpServers` block as it would be imported. */
export const McpImportEntrySchema = z.object({
  /** The name in the file. */
  key: z.string(),
  id: z.string(),
  name: z.string(),
  kind: z.enum(['stdio', 'http']),
  /** The command line or the address, to read before importing. */
  summary: z.string(),
  /** Values that go to the vault (names), and plain ones kept in settings. */
  secretNames: z.array(z.string()),
  plainNames: z.array(z.string()),
  /** A server with this id exists already (importing replaces it only when asked). */
  exists: z.boolean(),
  /** Why this entry cannot be imported; empty when it can. */
  problems: z.array(z.string()),
  /** What to know before importing it (a secret on its command line stays in settings in plain text). */
  warnings: z.array(z.string()),
});
export type McpImportEntry = z.infer<typeof McpImportEntrySchema>;

export const McpImportPreviewSchema = z.object({
  entries: z.array(McpImportEntrySchema),
  /** Problems with the file as a whole, with their place in it. */
  problems: z.array(ImportProblemSchema),
});
export type McpImportPreview = z.infer<typeof McpImportPreviewSchema>;

/**
 * Which tools a model may use: per server, all its tools (those added later included) or the named ones.
 * Tools turned off in Settings, of disabled servers, or that a server no longer lists are never offered.
 */
export const ToolChoiceSchema = z.object({
  servers: z
    .array(
      z.object({
        server: ServerIdSchema,
        tools: z.union([z.literal('all'), z.array(ToolNameSchema).max(1000)]),
      }),
    )
    .max(100),
});
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/** The tools of one server as the composer control and the profile editor show them. */
export const ToolChoiceServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: McpServerStateSchema,
  enabled: z.boolean(),
  trusted: z.boolean(),
  /** The server is not set up (any more): chosen but absent from Settings. */
  missing: z.boolean(),
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.string().optional(),
      /** Turned off in Settings (never offered, whatever the choice). */
      disabled: z.boolean(),
      /** Chosen and usable: offered to the model. */
      on: z.boolean(),
    }),
  ),
});
export type ToolChoiceServer = z.infer<typeof ToolChoiceServerSchema>;

/** Main's verdict on which tools the next answer of a conversation may use, and where that choice comes from. */
export const ToolChoiceViewSchema = z.object({
  source: z.enum(['conversation', 'profile', 'none']),
  profileId: z.string().nullable(),
  choice: ToolChoiceSchema,
  servers: z.array(ToolChoiceServerSchema),
  /** Tools offered to the model. */
  onCount: z.number().int().nonnegative(),
  /**
   * Chosen servers that cannot serve the next answer (they failed to start, or crashed and have no tools listed):
   * the composer says so, with why, and the answer goes without their tools.
   */
  unavailable: z.array(z.object({ server: z.string(), name: z.string(), message: z.string() })),
});
export type ToolChoiceView = z.infer<typeof ToolChoiceViewSchema>;

export const EMPTY_TOOL_CHOICE: ToolChoice = { servers: [] };

/** What the user decided for one call: once, always for this tool (remembered per server), or not at all. */
export const ToolApprovalSchema = z.enum(['once', 'always', 'deny']);
export type ToolApproval = z.infer<typeof ToolApprovalSchema>;

/**
 * One tool call of an answer, as the conversation shows it and keeps it: which tool of which server, the
 * arguments the model sent (as JSON text, cut for display), whether and how it was allowed, the result the model
 * got (text only, bounded) or why there was none, and when and how long it ran.
 */
export const ToolCallRecordSchema = z.object({
  id: z.string(),
  /** The model round that asked for it (1: the answer's first call to the model). */
  round: z.number().int().positive(),
  /** The name the model used; server and tool when it names an offered tool. */
  name: z.string(),
  server: z.string().optional(),
  serverName: z.string().optional(),
  tool: z.string().optional(),
  arguments: z.string(),
  argumentsCut: z.boolean().optional(),
  state: z.enum(['awaiting-approval', 'running', 'done', 'error', 'denied']),
  /** How it was allowed: a trusted server, a tool always allowed, or this once. */
  allowedBy: z.enum(['trusted', 'always', 'once']).optional(),
  result: z.string().optional(),
  /** The tool itself reported an error (its text is the result). */
  isError: z.boolean().optional(),
  truncated: z.boolean().optional(),
  omitted: z.array(z.string()).optional(),
  error: ToolErrorSchema.optional(),
  startedAt: z.number().optional(),
  durationMs: z.number().optional(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;
