/**
 * What every importer turns its file into: conversations in Modeldesk's terms, each with a stable source key (for
 * duplicates on re-import) and a content hash (to tell "already here" from "changed since"). Images are named,
 * not loaded: the import resolves them (from the zip, from bytes in the file) and checks each like a dropped image.
 */
import { createHash } from 'node:crypto';
import type { Message } from '@contract/conversations';
import type { Usage } from '@contract/usage';

export type ImageSource =
  | { kind: 'zip-entry'; entry: string; name?: string }
  | { kind: 'bytes'; bytes: Buffer; name?: string; hash?: string }
  /** Already stored here (a Modeldesk export of images this install has). */
  | { kind: 'stored'; hash: string; name?: string }
  | { kind: 'missing'; name?: string };

export type ImportedMessage = {
  role: 'user' | 'assistant' | 'system' | 'summary';
  text: string;
  thinking?: string;
  createdAt: number;
  /** "provider:model" as the source named it (ChatGPT's `model_slug` under openai:, Chatbox's provider and model). */
  model?: string;
  usage?: Usage;
  /**
   * What the answer cost, when the file says so as a fact (a Modeldesk export: the cost computed when the call was
   * made). Usage alone does not price an answer: the price on the day of the call is not in the file.
   */
  costMicros?: number;
  status?: Exclude<Message['status'], 'streaming'>;
  pinned?: boolean;
  structured?: unknown;
  toolCalls?: Message['toolCalls'];
  roundTexts?: Message['roundTexts'];
  images: ImageSource[];
};

export type ImportedConversation = {
  /** `chatgpt:<id>`, `chatbox:<session id>`, `modeldesk:<id>`: the same conversation imported twice has the same key. */
  sourceKey: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: ImportedMessage[];
  contentHash: string;
};

/** What was left out, counted: "3 hidden system messages were left out". */
export class ImportNotes {
  private readonly counts = new Map<string, number>();

  add(what: string, n = 1): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }

  list(): string[] {
    return [...this.counts].map(([what, n]) => `${n} × ${what}`);
  }
}

export function contentHash(title: string, messages: readonly ImportedMessage[]): string {
  const hash = createHash('sha256').update(title);
  for (const m of messages) hash.update(`\u0000${m.role}\u0000${m.createdAt}\u0000${m.text}`);
  return hash.digest('hex');
}

/** A message's time from seconds or milliseconds (or nothing), never NaN or beyond what Date holds. */
export function timeFrom(value: unknown, unit: 's' | 'ms', fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const ms = unit === 's' ? Math.round(value * 1000) : Math.round(value);
  return ms > 0 && ms < 8.64e15 ? ms : fallback;
}

/** Longest text of one message Modeldesk keeps (the bridge's own limit for a message). */
export const MAX_MESSAGE_TEXT = 1_000_000;

export function clampText(text: string, notes: ImportNotes): string {
  if (text.length <= MAX_MESSAGE_TEXT) return text;
  notes.add('message longer than a million characters was shortened');
  return `${text.slice(0, MAX_MESSAGE_TEXT)}\n\n[… shortened on import]`;
}

/** A conversation's source: the importer's parse of one top-level entry. */
export type SourceParser = {
  /** "ChatGPT data export" and the like. */
  label: string;
  /** Parses one conversation; throws `refused(...)` when the file is broken or hostile (all or nothing). */
  conversations(): AsyncGenerator<ImportedConversation>;
  notes: ImportNotes;
};
