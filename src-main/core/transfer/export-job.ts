/**
 * Exporting conversations: Markdown (one document per conversation) or Modeldesk's JSON (all of them in one
 * file). Images go beside the text in a .zip (`images/<hash>.<ext>`), or are embedded (data: URLs in Markdown,
 * base64 in JSON). One conversation without images (or with them embedded) is a plain .md or .json; anything
 * else is a .zip. The file is written to the staging folder and handed back as an artifact: the web host serves
 * it as a download, the desktop shell saves it where its dialog says.
 */
import { createWriteStream, renameSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Attachment, Conversation, Message } from '@contract/conversations';
import type { ExportRequest, TransferResult } from '@contract/transfer';
import type { AttachmentStore } from '../storage/attachments';
import type { ConversationStore } from '../storage/conversations';
import {
  CONVERSATIONS_FILE_KIND,
  CONVERSATIONS_FILE_VERSION,
  imagePath,
  type ExportedConversation,
  type ExportedMessage,
} from './conversations-file';
import { TransferError } from './errors';
import type { JobContext } from './jobs';
import { conversationToMarkdown } from './markdown';
import { MODELDESK_JSON_IN_ZIP } from './source-file';
import type { TransferStaging } from './staging';
import { ZipWriter } from './zip-write';

export type ExportDeps = {
  conversations: ConversationStore;
  attachments: AttachmentStore;
  staging: TransferStaging;
  modelName: (ref: string) => string;
  appVersion: string;
  now?: () => number;
};

type Loaded = { conversation: Conversation; messages: Message[] };

export function exportedMessage(m: Message): ExportedMessage {
  const { conversationId: _conversation, excluded: _excluded, attachments, ...rest } = m;
  return { ...rest, attachments } as ExportedMessage;
}

export function exportedConversation({ conversation, messages }: Loaded): ExportedConversation {
  const out: ExportedConversation = {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    messages: messages.map(exportedMessage),
  };
  if (conversation.profileId !== undefined) out.profileId = conversation.profileId;
  if (conversation.model !== undefined) out.model = conversation.model;
  return out;
}

/** A file name from a title: letters, digits and dashes, never empty, never a path. */
export function slug(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return base || 'conversation';
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function runExport(
  request: Required<ExportRequest>,
  deps: ExportDeps,
  ctx: JobContext,
): Promise<TransferResult> {
  const ids = [...new Set(request.conversationIds)];
  const load = (id: string): Loaded => {
    const found = deps.conversations.get(id);
    if (!found || found.conversation.deletedAt !== undefined) {
      throw new TransferError(
        'not_found',
        'A conversation to export no longer exists.',
        'Reload the list and export again.',
      );
    }
    return found;
  };
  const date = new Date((deps.now ?? Date.now)()).toISOString().slice(0, 10);
  const first = load(ids[0]!);
  const single = ids.length === 1;
  const hasImages = (l: Loaded) => l.messages.some((m) => m.attachments.length > 0);
  const embedded = request.images === 'embedded';
  const zipped = !single || (!embedded && hasImages(first));
  const { artifactId, path } = deps.staging.createArtifact();
  const images = new Map<string, Attachment>();
  const dataUrl = (a: Attachment) =>
    `data:${a.mediaType};base64,${deps.attachments.read(a.hash).bytes.toString('base64')}`;

  let filename: string;
  let mediaType: string;
  if (request.format === 'markdown') {
    const zip = zipped ? new ZipWriter(path) : null;
    const names = new Set<string>();
    let text = '';
    for (const [i, id] of ids.entries()) {
      const loaded = i === 0 ? first : load(id);
      const markdown = conversationToMarkdown(loaded.conversation, loaded.messages, {
        modelName: deps.modelName,
        images: request.images,
        costs: request.costs,
        imageTarget: (a) => {
          if (embedded) return dataUrl(a);
          images.set(a.hash, a);
          return imagePath(a.hash, a.mediaType);
        },
      });
      if (zip) {
        let name = `${slug(loaded.conversation.title)}.md`;
        for (let n = 2; names.has(name); n++) name = `${slug(loaded.conversation.title)}-${n}.md`;
        names.add(name);
        zip.addText(name, markdown);
      } else text = markdown;
      ctx.progress('Writing Markdown', i + 1, ids.length);
      await ctx.tick();
    }
    if (zip) {
      await addImages(zip, images, deps, ctx);
      await zip.finish();
      filename = single ? `${slug(first.conversation.title)}.zip` : `modeldesk-conversations-${date}.zip`;
      mediaType = 'application/zip';
    } else {
      const out = createWriteStream(path, { mode: 0o600 });
      await write(out, text);
      out.end();
      await once(out, 'close');
      filename = `${slug(first.conversation.title)}.md`;
      mediaType = 'text/markdown';
    }
  } else {
    const jsonPath = deps.staging.scratch('json');
    const out = createWriteStream(jsonPath, { mode: 0o600 });
    const header = {
      kind: CONVERSATIONS_FILE_KIND,
      version: CONVERSATIONS_FILE_VERSION,
      exportedAt: new Date((deps.now ?? Date.now)()).toISOString(),
      exportedBy: `Modeldesk ${deps.appVersion}`,
    };
    await write(out, `${JSON.stringify(header, null, 2).slice(0, -2)},\n  "conversations": [\n`);
    for (const [i, id] of ids.entries()) {
      const loaded = i === 0 ? first : load(id);
      for (const m of loaded.messages) for (const a of m.attachments) images.set(a.hash, a);
      await write(out, `${i > 0 ? ',\n' : ''}${JSON.stringify(exportedConversation(loaded))}`);
      ctx.progress('Writing JSON', i + 1, ids.length);
      await ctx.tick();
    }
    await write(out, '\n  ]');
    if (embedded && images.size > 0) {
      await write(out, ',\n  "attachments": {\n');
      let n = 0;
      for (const a of images.values()) {
        const embeddedImage = {
          mediaType: a.mediaType,
          name: a.name,
          dataBase64: deps.attachments.read(a.hash).bytes.toString('base64'),
        };
        await write(
          out,
          `${n++ > 0 ? ',\n' : ''}    ${JSON.stringify(a.hash)}: ${JSON.stringify(embeddedImage)}`,
        );
        ctx.progress('Embedding images', n, images.size);
        await ctx.tick();
      }
      await write(out, '\n  }');
    }
    await write(out, '\n}\n');
    out.end();
    await once(out, 'close');
    if (!embedded && images.size > 0) {
      const zip = new ZipWriter(path);
      zip.addFile(MODELDESK_JSON_IN_ZIP, jsonPath);
      await addImages(zip, images, deps, ctx);
      await zip.finish();
      filename = single ? `${slug(first.conversation.title)}.zip` : `modeldesk-conversations-${date}.zip`;
      mediaType = 'application/zip';
    } else {
      renameSync(jsonPath, path);
      filename = single ? `${slug(first.conversation.title)}.json` : `modeldesk-conversations-${date}.json`;
      mediaType = 'application/json';
    }
  }
  const artifact = deps.staging.finishArtifact(artifactId, path, filename, mediaType);
  const what = `${ids.length} ${ids.length === 1 ? 'conversation' : 'conversations'}`;
  return { type: 'artifact', artifact, summary: `Exported ${what} as ${filename}.` };
}

async function addImages(
  zip: ZipWriter,
  images: Map<string, Attachment>,
  deps: ExportDeps,
  ctx: JobContext,
): Promise<void> {
  let n = 0;
  for (const a of images.values()) {
    zip.addBytes(imagePath(a.hash, a.mediaType), deps.attachments.read(a.hash).bytes);
    ctx.progress('Adding images', ++n, images.size);
    await ctx.tick();
  }
}
