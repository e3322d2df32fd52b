/**
 * Chatbox's exported data (Settings → Backup → Export, `chatbox-exported-data-<date>.json`): its whole key-value
 * store as one JSON object, with `__exported_items` and `__exported_at` added. Two layouts, by its `configVersion`:
 * - version 8 and later: `chat-sessions-list` (id, name, type…) and one `session:<id>` key per session;
 * - before 8: every session in `chat-sessions`.
 * A session holds `messages` (the current thread) and, in newer versions, `threads` (earlier threads of the same
 * session, kept when the context was cleared; imported first, in order) and `messageForksHash` (alternative
 * answers: left out, like ChatGPT's other branches). A message's text is in `contentParts` (text, reasoning,
 * image, info, tool-call) or, before that existed, in `content`. Images are stored by Chatbox outside the export
 * (`storageKey`), so they cannot come along: each is counted and marked where it was. Answers keep their model
 * (`aiProvider` and the model id inside Chatbox's "Provider (model)" label) and, where Chatbox recorded it, usage.
 */
import { z } from 'zod';
import type { Usage } from '@contract/usage';
import { refused } from '../errors';
import { jsonEntries, parseEntry, type JsonEntry } from '../json-entries';
import {
  clampText,
  contentHash,
  ImportNotes,
  timeFrom,
  type ImportedConversation,
  type ImportedMessage,
  type SourceParser,
} from './types';

export const CHATBOX_MAX_DEPTH = 64;
const Str = z.string().max(2_000_000);
const Count = z.number().int().nonnegative().max(1e12);

const PartSchema = z
  .object({ type: z.string().max(50), text: Str.optional(), storageKey: z.string().max(1000).optional() })
  .loose();

const MessageSchema = z
  .object({
    id: z.string().max(300).optional(),
    role: z.string().max(50),
    content: Str.nullable().optional(),
    contentParts: z.array(PartSchema).max(10_000).optional(),
    pictures: z
      .array(
        z
          .object({ storageKey: z.string().max(1000).optional(), url: z.string().max(5000).optional() })
          .loose(),
      )
      .max(1000)
      .optional(),
    aiProvider: z.string().max(100).nullable().optional(),
    model: z.string().max(500).nullable().optional(),
    timestamp: z.number().nullable().optional(),
    error: z.string().max(100_000).nullable().optional(),
    generating: z.boolean().nullable().optional(),
    usage: z
      .object({
        inputTokens: Count.optional().catch(undefined),
        outputTokens: Count.optional().catch(undefined),
        reasoningTokens: Count.optional().catch(undefined),
        cachedInputTokens: Count.optional().catch(undefined),
      })
      .loose()
      .nullable()
      .optional()
      .catch(undefined),
  })
  .loose();

const ThreadSchema = z
  .object({
    id: z.string().max(300).optional(),
    name: z.string().max(1000).optional(),
    messages: z.array(MessageSchema).max(100_000),
    createdAt: z.number().optional(),
  })
  .loose();

const SessionSchema = z
  .object({
    id: z.string().min(1).max(300),
    name: z.string().max(1000).optional(),
    type: z.string().max(50).optional(),
    hidden: z.boolean().optional(),
    messages: z.array(MessageSchema).max(100_000),
    threads: z.array(ThreadSchema).max(10_000).optional(),
    messageForksHash: z.record(z.string(), z.unknown()).optional(),
    settings: z
      .object({ provider: z.string().max(100).optional(), modelId: z.string().max(300).optional() })
      .loose()
      .optional(),
  })
  .loose();
type Session = z.infer<typeof SessionSchema>;
type ChatboxMessage = z.infer<typeof MessageSchema>;

const MetaListSchema = z.array(z.object({ id: z.string().min(1).max(300) }).loose()).max(1_000_000);

/** Chatbox's provider ids, as Modeldesk names the same provider. */
const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  'openai-responses': 'openai',
  claude: 'anthropic',
  gemini: 'gemini',
  ollama: 'ollama',
  azure: 'azure',
  groq: 'groq',
  openrouter: 'openrouter',
  'lm-studio': 'lmstudio',
};

/** "OpenAI (gpt-4o)" → "gpt-4o"; a label without parentheses is the model id itself. */
export function chatboxModelId(label: string): string {
  const match = /\(([^()]+)\)\s*$/.exec(label);
  return (match?.[1] ?? label).trim();
}

function modelOf(message: ChatboxMessage, session: Session): string | undefined {
  const provider = message.aiProvider ?? session.settings?.provider ?? undefined;
  const model = message.model ? chatboxModelId(message.model) : session.settings?.modelId;
  if (!model) return undefined;
  const ours = provider
    ? (PROVIDERS[provider] ?? `chatbox-${provider.replace(/[^a-zA-Z0-9-]/g, '').slice(0, 40)}`)
    : 'chatbox';
  return `${ours}:${model}`;
}

function usageOf(message: ChatboxMessage): Usage | undefined {
  const u = message.usage;
  if (!u || u.inputTokens === undefined || u.outputTokens === undefined) return undefined;
  const cached = Math.min(u.cachedInputTokens ?? 0, u.inputTokens);
  const reasoning = Math.min(u.reasoningTokens ?? 0, u.outputTokens);
  return {
    input: { uncached: u.inputTokens - cached, cacheRead: cached, cacheWrite: 0 },
    output: { text: u.outputTokens - reasoning, reasoning },
    source: 'reported',
  };
}

function toMessage(
  message: ChatboxMessage,
  session: Session,
  fallbackAt: number,
  notes: ImportNotes,
): ImportedMessage | null {
  const role = message.role;
  if (role === 'tool') {
    notes.add('tool message left out');
    return null;
  }
  if (role !== 'user' && role !== 'assistant' && role !== 'system') {
    notes.add(`message from "${role.slice(0, 30)}" left out`);
    return null;
  }
  const text: string[] = [];
  const thinking: string[] = [];
  let images = 0;
  if (message.contentParts && message.contentParts.length > 0) {
    for (const part of message.contentParts) {
      if (part.type === 'text' && part.text) text.push(part.text);
      else if (part.type === 'reasoning' && part.text) thinking.push(part.text);
      else if (part.type === 'image') images++;
      else if (part.type === 'tool-call') notes.add('tool call left out');
    }
  } else if (typeof message.content === 'string') {
    text.push(message.content);
    images += message.pictures?.length ?? 0;
  }
  if (images > 0) notes.add('image Chatbox keeps outside its export (marked where it was)', images);
  if (message.error && text.length === 0)
    text.push(`*(Chatbox recorded an error: ${message.error.slice(0, 2000)})*`);
  const imported: ImportedMessage = {
    role,
    text: clampText(text.join('\n\n'), notes),
    createdAt: timeFrom(message.timestamp, 'ms', fallbackAt),
    images: Array.from({ length: images }, () => ({ kind: 'missing' as const })),
  };
  if (thinking.length > 0) imported.thinking = clampText(thinking.join('\n\n'), notes);
  if (role === 'assistant') {
    const model = modelOf(message, session);
    if (model) imported.model = model;
    const usage = usageOf(message);
    if (usage) imported.usage = usage;
    if (message.generating) imported.status = 'interrupted';
  }
  if (imported.text === '' && !imported.thinking && images === 0) return null;
  return imported;
}

export function chatboxConversation(
  raw: unknown,
  where: string,
  exportedAt: number,
  notes: ImportNotes,
): ImportedConversation | null {
  const parsed = SessionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused(`${where} is not a Chatbox session (${issue?.path.join('.') || 'it'}: ${issue?.message}).`);
  }
  const session = parsed.data;
  if (session.type === 'picture') {
    notes.add('image-generation session left out');
    return null;
  }
  const threads = [...(session.threads ?? [])].sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
  if (threads.length > 0)
    notes.add('earlier thread of a session imported before its current messages', threads.length);
  const forks = Object.keys(session.messageForksHash ?? {}).length;
  if (forks > 0) notes.add('alternative answer (fork) not chosen in Chatbox left out', forks);
  const messages: ImportedMessage[] = [];
  for (const message of [...threads.flatMap((t) => t.messages), ...session.messages]) {
    const imported = toMessage(message, session, messages.at(-1)?.createdAt ?? exportedAt, notes);
    if (imported) messages.push(imported);
  }
  if (messages.length === 0) {
    notes.add('empty session left out');
    return null;
  }
  const title = (session.name ?? '').trim().slice(0, 300) || 'Chatbox conversation';
  const createdAt = Math.min(...messages.map((m) => m.createdAt));
  return {
    sourceKey: `chatbox:${session.id}`,
    title,
    createdAt,
    updatedAt: Math.max(...messages.map((m) => m.createdAt)),
    messages,
    contentHash: contentHash(title, messages),
  };
}

/** Whether the top-level keys are those of a Chatbox export. */
export function looksLikeChatbox(keys: ReadonlySet<string>): boolean {
  return (
    keys.has('__exported_at') ||
    keys.has('chat-sessions-list') ||
    keys.has('chat-sessions') ||
    (keys.has('configVersion') && keys.has('settings'))
  );
}

export function chatboxSource(
  bytes: Buffer,
  top: Map<string, JsonEntry>,
  options: { tick: () => Promise<void> },
): SourceParser {
  const notes = new ImportNotes();
  const read = (key: string): unknown => {
    const entry = top.get(key);
    if (!entry) return undefined;
    try {
      return parseEntry(bytes, entry);
    } catch (error) {
      throw refused(`"${key.slice(0, 80)}" is not valid JSON (${(error as Error).message}).`);
    }
  };
  const version = read('configVersion');
  const exportedAtText = read('__exported_at');
  const exportedAt =
    typeof exportedAtText === 'string' && !Number.isNaN(Date.parse(exportedAtText))
      ? Date.parse(exportedAtText)
      : Date.now();
  const label = `Chatbox exported data${typeof version === 'number' ? ` (configVersion ${version})` : ''}`;
  return {
    label,
    notes,
    async *conversations() {
      const listed = top.has('chat-sessions-list')
        ? MetaListSchema.safeParse(read('chat-sessions-list'))
        : null;
      if (listed && !listed.success) throw refused('chat-sessions-list is not a list of sessions.');
      const sessionKeys = [...top.keys()].filter((k) => k.startsWith('session:'));
      if (listed || sessionKeys.length > 0) {
        const order = [...new Set([...(listed?.data ?? []).map((m) => `session:${m.id}`), ...sessionKeys])];
        let missing = 0;
        for (const [i, key] of order.entries()) {
          if (!top.has(key)) {
            missing++;
            continue;
          }
          const conversation = chatboxConversation(read(key), `Session ${i + 1}`, exportedAt, notes);
          if (conversation) yield conversation;
          await options.tick();
        }
        if (missing > 0) notes.add('session listed but not in the file left out', missing);
        return;
      }
      const old = top.get('chat-sessions');
      if (!old) {
        notes.add('file without conversations (only settings)');
        return;
      }
      let i = 0;
      for (const entry of jsonEntries(bytes, { maxDepth: CHATBOX_MAX_DEPTH, from: old.start, to: old.end })) {
        i++;
        let raw: unknown;
        try {
          raw = parseEntry(bytes, entry);
        } catch (error) {
          throw refused(`session ${i} is not valid JSON (${(error as Error).message}).`);
        }
        const conversation = chatboxConversation(raw, `Session ${i}`, exportedAt, notes);
        if (conversation) yield conversation;
        await options.tick();
      }
    },
  };
}
