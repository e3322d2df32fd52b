/**
 * Opens an uploaded file and says what it is: a ChatGPT export (its .zip or conversations.json), Chatbox's
 * exported data, a Modeldesk export (.json or .zip) or a Modeldesk backup (.zip with a manifest). Anything else is
 * refused with what Modeldesk does read. The JSON is held as bytes and read entry by entry (json-entries.ts).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { refused } from './errors';
import { JsonShapeError, containerAt, jsonEntries, parseEntry, type JsonEntry } from './json-entries';
import { AssetIndex, chatGptSource } from './sources/chatgpt';
import { chatboxSource, CHATBOX_MAX_DEPTH, looksLikeChatbox } from './sources/chatbox';
import { modeldeskSource, isModeldeskKind } from './sources/modeldesk';
import type { SourceParser } from './sources/types';
import { looksLikeZip, ZipArchive } from './zip-read';
import type { ImportFormat } from '@contract/transfer';
import { formatBytes } from '@contract/format';

/** The largest conversations JSON read (V8 and memory allow more, but no real export is near it). */
export const MAX_JSON_BYTES = 1024 ** 3;
export const MODELDESK_JSON_IN_ZIP = 'modeldesk-conversations.json';
export const BACKUP_MANIFEST = 'manifest.json';

export type OpenedSource = {
  format: Exclude<ImportFormat, 'modeldesk-backup'>;
  parser: SourceParser;
  /** Open when the file is a zip (images are read from it); closed by `close`. */
  zip: ZipArchive | null;
  close(): void;
};

export type Opened = OpenedSource | { format: 'modeldesk-backup'; zip: ZipArchive; close(): void };

const SUPPORTED =
  'Modeldesk imports a ChatGPT data export (the .zip, or its conversations.json), Chatbox exported data (.json), and Modeldesk exports and backups.';

function head(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(8);
    const n = readSync(fd, buffer, 0, 8, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export async function openSource(
  path: string,
  options: { tick: () => Promise<void>; isStored: (hash: string) => boolean },
): Promise<Opened> {
  const size = statSync(path).size;
  if (size === 0) throw refused('the file is empty.', SUPPORTED);
  if (looksLikeZip(head(path))) return openZip(path, options);
  if (size > MAX_JSON_BYTES)
    throw refused(`the file is larger than ${formatBytes(MAX_JSON_BYTES)}.`, 'Split the export.');
  const bytes = await readFile(path);
  return { ...openJson(bytes, null, null, options), zip: null, close() {} };
}

async function openZip(
  path: string,
  options: { tick: () => Promise<void>; isStored: (hash: string) => boolean },
): Promise<Opened> {
  const zip = await ZipArchive.open(path);
  try {
    const names = zip.names();
    if (names.includes(BACKUP_MANIFEST) && names.includes('modeldesk.db')) {
      return { format: 'modeldesk-backup', zip, close: () => zip.close() };
    }
    const json =
      names.find((n) => n === MODELDESK_JSON_IN_ZIP) ??
      names.find((n) => n === 'conversations.json') ??
      names.filter((n) => n.endsWith('/conversations.json')).sort((a, b) => a.length - b.length)[0];
    if (!json) throw refused('the zip file holds no conversations.json.', SUPPORTED);
    const bytes = await zip.read(json, MAX_JSON_BYTES);
    const opened = openJson(bytes, zip, new Set(names), options);
    return { ...opened, zip, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function openJson(
  bytes: Buffer,
  zip: ZipArchive | null,
  zipNames: ReadonlySet<string> | null,
  options: { tick: () => Promise<void>; isStored: (hash: string) => boolean },
): Omit<OpenedSource, 'zip' | 'close'> {
  try {
    const container = containerAt(bytes);
    if (container === 'array') {
      return {
        format: 'chatgpt',
        parser: chatGptSource(bytes, {
          assets: zipNames ? new AssetIndex([...zipNames]) : null,
          tick: options.tick,
        }),
      };
    }
    if (container !== 'object')
      throw refused('it is not JSON (or not a list or object of conversations).', SUPPORTED);
    const top = new Map<string, JsonEntry>();
    for (const entry of jsonEntries(bytes, { maxDepth: CHATBOX_MAX_DEPTH })) {
      if (typeof entry.key === 'string') top.set(entry.key, entry);
    }
    const kind = top.has('kind') ? parseEntry(bytes, top.get('kind')!) : undefined;
    if (isModeldeskKind(kind)) {
      return {
        format: 'modeldesk',
        parser: modeldeskSource(bytes, {
          zipEntries: zipNames,
          isStored: options.isStored,
          tick: options.tick,
        }),
      };
    }
    if (kind === 'modeldesk-config') {
      throw refused(
        'this is a Modeldesk configuration file, not conversations.',
        'Import it in Settings → Import and export → Import configuration.',
      );
    }
    if (looksLikeChatbox(new Set(top.keys())))
      return { format: 'chatbox', parser: chatboxSource(bytes, top, options) };
    if (top.has('mapping')) {
      throw refused(
        'it holds a single ChatGPT conversation; Modeldesk reads the conversations.json of a data export (a list).',
        SUPPORTED,
      );
    }
    throw refused('Modeldesk does not recognise this file.', SUPPORTED);
  } catch (error) {
    if (error instanceof JsonShapeError)
      throw refused(`the file is not valid JSON: ${error.message}.`, SUPPORTED);
    if (error instanceof SyntaxError)
      throw refused(`the file is not valid JSON (${error.message}).`, SUPPORTED);
    throw error;
  }
}

/** Runs the parser's conversations, turning JSON shape errors met midway into refusals. */
export async function* conversationsOf(parser: SourceParser) {
  try {
    yield* parser.conversations();
  } catch (error) {
    if (error instanceof JsonShapeError)
      throw refused(`the file is not valid JSON: ${error.message}.`, SUPPORTED);
    throw error;
  }
}
