/**
 * Importing conversations from another app (or another Modeldesk): `inspect` reads the whole file and previews
 * what it holds, changing nothing; `run` imports it. Both read the same way, so a file the preview accepted is the
 * file imported, and a broken or hostile file is refused (with its reason) before anything is written: the import
 * first reads every conversation, then writes.
 *
 * What an imported answer is: its text, reasoning and images, the model the other app named, its usage when the
 * file carries one, and a cost that is unknown unless the file states it (a Modeldesk export carries what each
 * answer cost when it was made). Nothing is sent to a provider and no ledger row is written: the ledger records
 * calls this app made, and its dashboards and budgets count them; a price applied now to usage recorded elsewhere
 * (at another time's prices, perhaps on a flat-rate subscription) would be a guess shown as a fact.
 *
 * Duplicates: each conversation has a source key (`chatgpt:<id>`, `chatbox:<session id>`, `modeldesk:<id>`) and a
 * content hash, kept in `transfer_sources`. Importing again skips what is here already and unchanged; a
 * conversation that changed in the source since is imported again as a new conversation.
 */
import type { ImportPreview, TransferResult } from '@contract/transfer';
import type { AttachmentStore } from '../storage/attachments';
import { insertConversation, type MessageToInsert } from '../storage/conversation-insert';
import type { Database, Migration } from '../storage/database';
import { StorageError } from '../storage/errors';
import { TransferError } from './errors';
import type { JobContext } from './jobs';
import { conversationsOf, type OpenedSource } from './source-file';
import type { ImageSource, ImportedConversation } from './sources/types';
import { MAX_IMAGE_FILE_BYTES as MAX_IMAGE_BYTES } from '@contract/limits';

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `CREATE TABLE transfer_sources (
      source_key TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      imported_at INTEGER NOT NULL
    ) STRICT;`,
  },
];

/** Conversations whose messages add up to this are written in one transaction. */
const MESSAGES_PER_WRITE = 200;
const SAMPLE = 8;

export type ImportDeps = {
  db: Database;
  attachments: AttachmentStore;
  now?: () => number;
  /** Called after each write with the new conversations' ids (the list refreshes). */
  onWritten?: (ids: string[]) => void;
};

type Verdict = 'new' | 'duplicate' | 'changed';

export class ConversationImporter {
  constructor(private readonly deps: ImportDeps) {
    deps.db.migrate('transfer', MIGRATIONS);
  }

  private verdict(conversation: ImportedConversation, seen: Set<string>): Verdict {
    if (seen.has(conversation.sourceKey)) return 'duplicate';
    seen.add(conversation.sourceKey);
    const row = this.deps.db.get<{ content_hash: string }>(
      `SELECT s.content_hash FROM transfer_sources s JOIN conversations c ON c.id = s.conversation_id
       WHERE s.source_key = ? AND c.deleted_at IS NULL`,
      conversation.sourceKey,
    );
    if (row) return row.content_hash === conversation.contentHash ? 'duplicate' : 'changed';
    // A Modeldesk export of a conversation that is still here.
    if (conversation.sourceKey.startsWith('modeldesk:')) {
      const here = this.deps.db.get<{ id: string }>(
        'SELECT id FROM conversations WHERE id = ? AND deleted_at IS NULL',
        conversation.sourceKey.slice('modeldesk:'.length),
      );
      if (here) return 'duplicate';
    }
    return 'new';
  }

  /** Reads the whole file and says what an import would do; changes nothing. */
  async inspect(uploadId: string, source: OpenedSource, ctx: JobContext): Promise<ImportPreview> {
    {
      const preview: ImportPreview = {
        uploadId,
        format: source.format,
        formatLabel: source.parser.label,
        conversations: 0,
        messages: 0,
        images: 0,
        duplicates: 0,
        changed: 0,
        notes: [],
        sample: [],
      };
      const seen = new Set<string>();
      for await (const conversation of conversationsOf(source.parser)) {
        const verdict = this.verdict(conversation, seen);
        preview.conversations++;
        preview.messages += conversation.messages.length;
        preview.images += conversation.messages.reduce(
          (n, m) => n + m.images.filter((i) => i.kind !== 'missing').length,
          0,
        );
        if (verdict === 'duplicate') preview.duplicates++;
        if (verdict === 'changed') preview.changed++;
        if (preview.sample.length < SAMPLE) {
          preview.sample.push({
            title: conversation.title,
            messages: conversation.messages.length,
            models: [...new Set(conversation.messages.flatMap((m) => (m.model ? [m.model] : [])))].slice(
              0,
              5,
            ),
            duplicate: verdict === 'duplicate',
            createdAt: conversation.createdAt,
          });
        }
        ctx.progress('Reading conversations', preview.conversations, 0);
      }
      preview.notes = source.parser.notes.list();
      return preview;
    }
  }

  /** Imports the file: reads all of it first (a refusal changes nothing), then writes in slices. */
  async run(
    source: OpenedSource,
    options: { duplicates: 'skip' | 'copy' },
    ctx: JobContext,
  ): Promise<TransferResult> {
    {
      const seen = new Set<string>();
      const chosen: ImportedConversation[] = [];
      let skipped = 0;
      for await (const conversation of conversationsOf(source.parser)) {
        const verdict = this.verdict(conversation, seen);
        if (verdict === 'duplicate' && options.duplicates === 'skip') skipped++;
        else chosen.push(conversation);
        ctx.progress('Reading conversations', chosen.length + skipped, 0);
      }
      const ids: string[] = [];
      let pending: Array<{ conversation: ImportedConversation; messages: MessageToInsert[] }> = [];
      let pendingMessages = 0;
      const flush = () => {
        if (pending.length === 0) return;
        const written = this.deps.db.transaction(() =>
          pending.map(({ conversation, messages }) => {
            const id = insertConversation(
              this.deps.db,
              {
                title: conversation.title,
                createdAt: conversation.createdAt,
                updatedAt: conversation.updatedAt,
              },
              messages,
            );
            this.deps.db.run(
              `INSERT INTO transfer_sources (source_key, conversation_id, content_hash, imported_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (source_key) DO UPDATE SET conversation_id = excluded.conversation_id,
                 content_hash = excluded.content_hash, imported_at = excluded.imported_at`,
              conversation.sourceKey,
              id,
              conversation.contentHash,
              (this.deps.now ?? Date.now)(),
            );
            return id;
          }),
        );
        ids.push(...written);
        this.deps.onWritten?.(written);
        pending = [];
        pendingMessages = 0;
      };
      let costsStated = false;
      for (const conversation of chosen) {
        const messages: MessageToInsert[] = [];
        for (const m of conversation.messages) {
          const { hashes, missing } = await this.storeImages(m.images, source, ctx);
          const text = missing.length > 0 ? `${m.text}${m.text ? '\n\n' : ''}${missing.join('\n')}` : m.text;
          const message: MessageToInsert = {
            role: m.role,
            text,
            createdAt: m.createdAt,
            status: m.status ?? 'complete',
            attachmentHashes: hashes,
            // An answer made elsewhere: what it cost is not known here (never $0), unless the file states it.
            costMicros:
              m.role === 'assistant' || (m.role === 'summary' && m.usage)
                ? (m.costMicros ?? null)
                : undefined,
          };
          if (typeof message.costMicros === 'number') costsStated = true;
          if (m.thinking !== undefined) message.thinking = m.thinking;
          if (m.model !== undefined) message.model = m.model;
          if (m.usage !== undefined) message.usage = m.usage;
          if (m.pinned) message.pinned = true;
          if (m.structured !== undefined) message.structured = m.structured;
          if (m.toolCalls) message.toolCalls = m.toolCalls;
          if (m.roundTexts) message.roundTexts = m.roundTexts;
          messages.push(message);
        }
        pending.push({ conversation, messages });
        pendingMessages += messages.length;
        if (pendingMessages >= MESSAGES_PER_WRITE) flush();
        ctx.progress('Importing conversations', ids.length + pending.length, chosen.length);
        await ctx.tick();
      }
      flush();
      ctx.progress('Imported', ids.length, chosen.length);
      const summary =
        `Imported ${ids.length} ${ids.length === 1 ? 'conversation' : 'conversations'}` +
        (skipped > 0 ? `; ${skipped} already here ${skipped === 1 ? 'was' : 'were'} skipped` : '') +
        (costsStated
          ? '. Their answers keep the models that wrote them and the costs the file states (not in this ledger).'
          : '. Their answers keep the models that wrote them; what they cost is unknown (not in this ledger).');
      return {
        type: 'imported',
        imported: ids.length,
        skipped,
        conversationIds: ids.slice(0, 1000),
        summary,
      };
    }
  }

  private async storeImages(
    images: readonly ImageSource[],
    source: OpenedSource,
    ctx: JobContext,
  ): Promise<{ hashes: string[]; missing: string[] }> {
    const hashes: string[] = [];
    const missing: string[] = [];
    for (const image of images) {
      const label = image.name ? `: ${image.name.slice(0, 200)}` : '';
      try {
        if (image.kind === 'stored' && this.deps.attachments.get(image.hash)) {
          hashes.push(image.hash);
        } else if (image.kind === 'bytes') {
          hashes.push(
            this.deps.attachments.add({ bytes: image.bytes, ...(image.name ? { name: image.name } : {}) })
              .hash,
          );
        } else if (image.kind === 'zip-entry' && source.zip) {
          const bytes = await source.zip.read(image.entry, MAX_IMAGE_BYTES);
          hashes.push(this.deps.attachments.add({ bytes, ...(image.name ? { name: image.name } : {}) }).hash);
          await ctx.tick();
        } else {
          missing.push(`*[Image not in the imported file${label}]*`);
        }
      } catch (error) {
        // A damaged image (or one that is no image at all) costs that image, not the import.
        if (!(error instanceof StorageError) && !(error instanceof TransferError)) throw error;
        missing.push(`*[Image left out${label}: ${error.message}]*`);
      }
    }
    return { hashes, missing };
  }
}
