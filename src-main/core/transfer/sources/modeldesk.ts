/**
 * Modeldesk's own JSON export (conversations-file.ts), alone or in its .zip with the images beside it. The header
 * is checked first (kind, a version this app reads), then each conversation is migrated and validated on its
 * own. Images come from the zip, from base64 in the file (checked against their hash), or from this install's
 * store when it already holds them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ConversationsFileHeaderSchema,
  CONVERSATIONS_FILE_KIND,
  CONVERSATIONS_FILE_VERSION,
  EmbeddedAttachmentSchema,
  ExportedConversationSchema,
  imagePath,
  migrateConversation,
} from '../conversations-file';
import { refused } from '../errors';
import { jsonEntries, parseEntry, type JsonEntry } from '../json-entries';
import {
  contentHash,
  ImportNotes,
  type ImageSource,
  type ImportedConversation,
  type SourceParser,
} from './types';

export const MODELDESK_MAX_DEPTH = 64;

function field(bytes: Buffer, entries: Map<string, JsonEntry>, name: string): unknown {
  const entry = entries.get(name);
  return entry ? parseEntry(bytes, entry) : undefined;
}

export function modeldeskSource(
  bytes: Buffer,
  options: {
    zipEntries: ReadonlySet<string> | null;
    isStored: (hash: string) => boolean;
    tick: () => Promise<void>;
  },
): SourceParser {
  const notes = new ImportNotes();
  const top = new Map<string, JsonEntry>();
  for (const entry of jsonEntries(bytes, { maxDepth: MODELDESK_MAX_DEPTH })) {
    if (typeof entry.key === 'string') top.set(entry.key, entry);
  }
  const header = ConversationsFileHeaderSchema.safeParse({
    kind: field(bytes, top, 'kind'),
    version: field(bytes, top, 'version'),
    exportedAt: field(bytes, top, 'exportedAt'),
    exportedBy: field(bytes, top, 'exportedBy'),
  });
  if (!header.success) {
    const version = field(bytes, top, 'version');
    if (
      field(bytes, top, 'kind') === CONVERSATIONS_FILE_KIND &&
      typeof version === 'number' &&
      version > CONVERSATIONS_FILE_VERSION
    ) {
      throw refused(
        `the file was written by a newer Modeldesk (format version ${version}; this one reads up to ${CONVERSATIONS_FILE_VERSION}).`,
        'Update Modeldesk, then import it again.',
      );
    }
    throw refused('it is not a Modeldesk conversations export (its kind or version is wrong).');
  }
  const from = header.data.version;
  const list = top.get('conversations');
  if (!list) throw refused('the file has no "conversations" list.');
  const embedded = top.get('attachments');
  const embeddedEntries = new Map<string, JsonEntry>();
  if (embedded) {
    for (const entry of jsonEntries(bytes, { maxDepth: 4, from: embedded.start, to: embedded.end })) {
      if (typeof entry.key === 'string') embeddedEntries.set(entry.key, entry);
    }
  }

  const imageOf = (hash: string, mediaType: string, name: string | undefined): ImageSource => {
    const inZip = imagePath(hash, mediaType);
    if (options.zipEntries?.has(inZip)) return { kind: 'zip-entry', entry: inZip, name };
    const entry = embeddedEntries.get(hash);
    if (entry) {
      const parsed = EmbeddedAttachmentSchema.safeParse(parseEntry(bytes, entry));
      if (!parsed.success) throw refused(`the embedded image ${hash.slice(0, 12)}… is not valid.`);
      const data = Buffer.from(parsed.data.dataBase64, 'base64');
      if (createHash('sha256').update(data).digest('hex') !== hash) {
        throw refused(
          `the embedded image ${hash.slice(0, 12)}… does not match its hash (the file was changed or damaged).`,
        );
      }
      return { kind: 'bytes', bytes: data, name, hash };
    }
    if (options.isStored(hash)) return { kind: 'stored', hash, name };
    notes.add('image not in the file');
    return { kind: 'missing', name };
  };

  return {
    label: `Modeldesk export (format version ${from})`,
    notes,
    async *conversations() {
      let index = 0;
      if (list.end - list.start < 2) return;
      for (const entry of jsonEntries(bytes, {
        maxDepth: MODELDESK_MAX_DEPTH,
        from: list.start,
        to: list.end,
      })) {
        index++;
        let raw: unknown;
        try {
          raw = migrateConversation(parseEntry(bytes, entry), from);
        } catch (error) {
          throw refused(`conversation ${index} is not valid JSON (${(error as Error).message}).`);
        }
        const parsed = ExportedConversationSchema.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw refused(
            `conversation ${index} is not valid (${issue?.path.join('.') || 'it'}: ${issue?.message}).`,
          );
        }
        const c = parsed.data;
        const messages = c.messages.map((m) => {
          const imported: ImportedConversation['messages'][number] = {
            role: m.role,
            text: m.text,
            createdAt: m.createdAt,
            status: m.status === 'streaming' ? 'interrupted' : m.status,
            images: m.attachments.map((a) => imageOf(a.hash, a.mediaType, a.name)),
          };
          if (m.thinking !== undefined) imported.thinking = m.thinking;
          if (m.model !== undefined) imported.model = m.model;
          if (m.usage !== undefined) imported.usage = m.usage;
          // What this app computed when it made the call, at that day's prices: a fact the file carries.
          if (typeof m.costMicros === 'number') imported.costMicros = m.costMicros;
          if (m.pinned) imported.pinned = true;
          if (m.structured !== undefined) imported.structured = m.structured;
          if (m.toolCalls?.length) imported.toolCalls = m.toolCalls;
          if (m.roundTexts?.length) imported.roundTexts = m.roundTexts;
          return imported;
        });
        yield {
          sourceKey: `modeldesk:${c.id}`,
          title: c.title.trim() || 'Imported conversation',
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
          messages,
          contentHash: contentHash(c.title, messages),
        };
        await options.tick();
      }
    },
  };
}

/** Whether parsed top-level keys look like a Modeldesk conversations export. */
export const isModeldeskKind = (kind: unknown) => kind === CONVERSATIONS_FILE_KIND;
export const KindOnlySchema = z.object({ kind: z.unknown() });
