/**
 * ChatGPT's data export: `conversations.json` (alone, or inside the export's .zip with the images beside it), an
 * array of conversations whose messages form a tree (`mapping`: node id → { message, parent, children }). What the
 * person last saw is the branch from the root to `current_node`; that branch is imported and the other branches
 * (edits and regenerations) are left out, said in the notes. Content types read: `text`, `multimodal_text`
 * (text and `image_asset_pointer`s, found in the zip by their file id), `code` (fenced, the fence longer than any
 * run of backticks inside), `tether_quote` (a quoted source) and `thoughts` (reasoning); system messages, messages
 * the page hides, tool output and browsing displays are left out and counted. Each answer keeps ChatGPT's
 * `model_slug` as its model (`openai:<slug>`). A tree that loops, a branch that points nowhere or values of the
 * wrong type refuse the whole file.
 */
import { z } from 'zod';
import { refused } from '../errors';
import { jsonEntries, parseEntry } from '../json-entries';
import { fenced } from '../markdown';
import {
  clampText,
  contentHash,
  ImportNotes,
  timeFrom,
  type ImageSource,
  type ImportedConversation,
  type ImportedMessage,
  type SourceParser,
} from './types';

const Str = z.string().max(2_000_000);
const Id = z.string().min(1).max(300);

const AssetPointerSchema = z
  .object({
    content_type: z.literal('image_asset_pointer'),
    asset_pointer: z.string().max(500),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .loose();

const ContentSchema = z
  .object({
    content_type: z.string().max(100),
    parts: z.array(z.unknown()).max(10_000).nullable().optional(),
    text: Str.nullable().optional(),
    language: z.string().max(100).nullable().optional(),
    url: z.string().max(5000).nullable().optional(),
    title: z.string().max(5000).nullable().optional(),
    domain: z.string().max(500).nullable().optional(),
    thoughts: z
      .array(z.object({ summary: Str.nullable().optional(), content: Str.nullable().optional() }).loose())
      .max(10_000)
      .nullable()
      .optional(),
  })
  .loose();

const MessageSchema = z
  .object({
    id: Id.optional(),
    author: z.object({ role: z.string().max(50), name: z.string().max(500).nullable().optional() }).loose(),
    create_time: z.number().nullable().optional(),
    content: ContentSchema,
    status: z.string().max(100).nullable().optional(),
    recipient: z.string().max(200).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .loose();

const NodeSchema = z
  .object({
    id: Id.optional(),
    message: MessageSchema.nullable().optional(),
    parent: Id.nullable().optional(),
    children: z.array(Id).max(100_000).optional(),
  })
  .loose();

const ConversationSchema = z
  .object({
    title: z.string().max(10_000).nullable().optional(),
    create_time: z.number().nullable().optional(),
    update_time: z.number().nullable().optional(),
    mapping: z.record(Id, NodeSchema),
    current_node: Id.nullable().optional(),
    conversation_id: Id.nullable().optional(),
    id: Id.nullable().optional(),
    default_model_slug: z.string().max(200).nullable().optional(),
  })
  .loose();

type Conversation = z.infer<typeof ConversationSchema>;
type Node = z.infer<typeof NodeSchema>;
type ChatGptMessage = z.infer<typeof MessageSchema>;

/** Nesting of a real export stays under 20 levels; more is not a ChatGPT file. */
export const CHATGPT_MAX_DEPTH = 64;
const MAX_NODES = 100_000;

/** Finds the export's image files by the file id their asset pointers name. */
export class AssetIndex {
  private readonly byId = new Map<string, string>();

  constructor(entryNames: readonly string[]) {
    for (const name of entryNames) {
      const base = name.split('/').pop() ?? '';
      if (!/\.(png|jpe?g|gif|webp|dat)$/i.test(base)) continue;
      const id = /^(file[-_][A-Za-z0-9]+)/.exec(base)?.[1];
      if (id && !this.byId.has(id)) this.byId.set(id, name);
    }
  }

  find(pointer: string): string | undefined {
    // file-service://file-AbC123 (uploads, older images) or sediment://file_00ab… (newer ones).
    const id = /^[a-z-]+:\/\/(file[-_][A-Za-z0-9]+)/.exec(pointer)?.[1];
    return id ? this.byId.get(id) : undefined;
  }

  get size(): number {
    return this.byId.size;
  }
}

/** The branch the person last saw: root to `current_node`, following `parent` links; refuses loops. */
export function chosenBranch(conversation: Conversation, where: string): Node[] {
  const mapping = conversation.mapping;
  const ids = Object.keys(mapping);
  if (ids.length > MAX_NODES) throw refused(`${where} has more than ${MAX_NODES} messages.`);
  let leaf = conversation.current_node ?? undefined;
  if (leaf === undefined || !Object.hasOwn(mapping, leaf)) {
    if (leaf !== undefined) throw refused(`${where}'s current_node names a message that is not in it.`);
    // No current node: follow the last child from the root, as the page would show it.
    const root = ids.find((id) => {
      const parent = mapping[id]!.parent;
      return parent === null || parent === undefined;
    });
    if (root === undefined) throw refused(`${where} has no first message (every message has a parent).`);
    const seen = new Set<string>();
    let last: string = root;
    while (!seen.has(last)) {
      seen.add(last);
      const next: string | undefined = mapping[last]!.children?.at(-1);
      if (next === undefined || !Object.hasOwn(mapping, next)) break;
      last = next;
    }
    leaf = last;
  }
  const path: Node[] = [];
  const seen = new Set<string>();
  let at: string | null | undefined = leaf;
  while (at !== null && at !== undefined) {
    if (seen.has(at)) throw refused(`${where}'s message tree loops back on itself.`);
    seen.add(at);
    if (!Object.hasOwn(mapping, at)) throw refused(`${where} refers to a message that is not in it.`);
    const node: Node = mapping[at]!;
    path.push(node);
    at = node.parent;
  }
  return path.reverse();
}

function isHidden(message: ChatGptMessage): boolean {
  const meta = message.metadata ?? {};
  return meta.is_visually_hidden_from_conversation === true || meta.is_user_system_message === true;
}

type Turn = { text: string[]; thinking: string[]; images: ImageSource[] };

function readContent(message: ChatGptMessage, assets: AssetIndex | null, notes: ImportNotes): Turn | null {
  const content = message.content;
  const turn: Turn = { text: [], thinking: [], images: [] };
  switch (content.content_type) {
    case 'text':
    case 'multimodal_text':
      for (const part of content.parts ?? []) {
        if (typeof part === 'string') {
          if (part !== '') turn.text.push(part);
          continue;
        }
        const pointer = AssetPointerSchema.safeParse(part);
        if (pointer.success) {
          const entry = assets?.find(pointer.data.asset_pointer);
          if (entry) turn.images.push({ kind: 'zip-entry', entry, name: entry.split('/').pop() });
          else {
            turn.images.push({ kind: 'missing' });
            notes.add(
              assets
                ? 'image not found in the export'
                : 'image left out (import the whole .zip to bring images)',
            );
          }
        } else notes.add('message part of a kind Modeldesk does not read');
      }
      return turn;
    case 'code':
      if (content.text) turn.text.push(fenced(content.text, content.language ?? ''));
      return turn;
    case 'tether_quote': {
      const source = content.title || content.domain || content.url || 'a source';
      const quote = (content.text ?? '')
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      turn.text.push(`Quoted from ${content.url ? `[${source}](${content.url})` : source}:\n\n${quote}`);
      return turn;
    }
    case 'thoughts':
      for (const t of content.thoughts ?? []) {
        const piece = [t.summary, t.content].filter((s): s is string => !!s).join('\n');
        if (piece) turn.thinking.push(piece);
      }
      return turn;
    case 'reasoning_recap':
      return null;
    default:
      notes.add(`message of type ${content.content_type.slice(0, 40)} left out`);
      return null;
  }
}

function modelOf(message: ChatGptMessage, conversation: Conversation): string | undefined {
  const slug = message.metadata?.model_slug ?? conversation.default_model_slug;
  return typeof slug === 'string' && slug !== '' && slug.length <= 200 ? `openai:${slug}` : undefined;
}

/** One ChatGPT conversation as Modeldesk messages: consecutive parts of one answer become one answer. */
export function flattenConversation(
  raw: unknown,
  index: number,
  assets: AssetIndex | null,
  notes: ImportNotes,
): ImportedConversation {
  const where = `Conversation ${index + 1}`;
  const parsed = ConversationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused(
      `${where} is not a ChatGPT conversation (${issue?.path.join('.') || 'it'}: ${issue?.message}).`,
    );
  }
  const conversation = parsed.data;
  const createdAt = timeFrom(conversation.create_time, 's', Date.now());
  const branch = chosenBranch(conversation, where);
  const otherBranches = Object.values(conversation.mapping).filter(
    (n) => (n.children?.length ?? 0) > 1,
  ).length;
  if (otherBranches > 0)
    notes.add('edited or regenerated branch not chosen in ChatGPT left out', otherBranches);

  const messages: ImportedMessage[] = [];
  for (const node of branch) {
    const message = node.message;
    if (!message) continue;
    const role = message.author.role;
    if (role === 'system' || isHidden(message)) {
      if (role === 'system' || (message.content.parts?.length ?? 0) > 0)
        notes.add('system or hidden message left out');
      continue;
    }
    if (role === 'tool') {
      if (message.content.content_type === 'tether_quote') {
        // A quoted source belongs to the answer that follows it.
      } else {
        notes.add('tool output (browsing, code run) left out');
        continue;
      }
    } else if (role !== 'user' && role !== 'assistant') {
      notes.add(`message from "${role.slice(0, 30)}" left out`);
      continue;
    }
    const turn = readContent(message, assets, notes);
    if (!turn || (turn.text.length === 0 && turn.thinking.length === 0 && turn.images.length === 0)) continue;
    const at = timeFrom(message.create_time, 's', messages.at(-1)?.createdAt ?? createdAt);
    const asRole = role === 'user' ? 'user' : 'assistant';
    const previous = messages.at(-1);
    if (asRole === 'assistant' && previous?.role === 'assistant') {
      if (turn.text.length > 0) previous.text = [previous.text, ...turn.text].filter(Boolean).join('\n\n');
      if (turn.thinking.length > 0) {
        previous.thinking = [previous.thinking, ...turn.thinking].filter(Boolean).join('\n\n');
      }
      previous.images.push(...turn.images);
      previous.model ??= role === 'assistant' ? modelOf(message, conversation) : undefined;
      continue;
    }
    const imported: ImportedMessage = {
      role: asRole,
      text: turn.text.join('\n\n'),
      createdAt: at,
      images: turn.images,
    };
    if (turn.thinking.length > 0) imported.thinking = turn.thinking.join('\n\n');
    if (asRole === 'assistant') {
      const model = role === 'assistant' ? modelOf(message, conversation) : undefined;
      if (model) imported.model = model;
    }
    messages.push(imported);
  }
  for (const m of messages) {
    m.text = clampText(m.text, notes);
    if (m.thinking) m.thinking = clampText(m.thinking, notes);
  }
  const id = conversation.conversation_id ?? conversation.id;
  const title = (conversation.title ?? '').trim().slice(0, 300) || 'ChatGPT conversation';
  const sourceKey = `chatgpt:${id ?? contentHash(title, messages)}`;
  return {
    sourceKey,
    title,
    createdAt,
    updatedAt: Math.max(
      createdAt,
      timeFrom(conversation.update_time, 's', createdAt),
      messages.at(-1)?.createdAt ?? 0,
    ),
    messages,
    contentHash: contentHash(title, messages),
  };
}

/** Reads conversations.json's bytes: an array of conversations, each parsed on its own. */
export function chatGptSource(
  bytes: Buffer,
  options: { assets: AssetIndex | null; tick: () => Promise<void> },
): SourceParser {
  const notes = new ImportNotes();
  return {
    label: options.assets ? 'ChatGPT data export (.zip)' : 'ChatGPT conversations.json',
    notes,
    async *conversations() {
      for (const entry of jsonEntries(bytes, { maxDepth: CHATGPT_MAX_DEPTH })) {
        if (typeof entry.key !== 'number')
          throw refused('conversations.json holds an object, not a list of conversations.');
        let raw: unknown;
        try {
          raw = parseEntry(bytes, entry);
        } catch (error) {
          throw refused(`conversation ${entry.key + 1} is not valid JSON (${(error as Error).message}).`);
        }
        yield flattenConversation(raw, entry.key, options.assets, notes);
        await options.tick();
      }
    },
  };
}
