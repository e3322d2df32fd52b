/**
 * The response cache's key: a SHA-256 of a canonical JSON (object keys sorted, undefined left out) of the
 * model, the messages (images by the SHA-256 of their bytes, never the bytes) and every parameter that shapes
 * the answer. Two requests that differ only in key order or in how an image was given (bytes or file) hash alike.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ChatRequest, ImagePart } from '../providers/types';

/** JSON with object keys in sorted order at every depth; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function imageDigest(part: ImagePart): Promise<{ type: 'image'; sha256: string }> {
  const bytes = part.source.kind === 'bytes' ? part.source.data : await readFile(part.source.path);
  return { type: 'image', sha256: sha256Hex(bytes) };
}

/** The messages with every image replaced by its content hash. */
async function hashableMessages(messages: ChatRequest['messages']): Promise<unknown[]> {
  return Promise.all(
    messages.map(async (message) => {
      if (message.role !== 'user' || typeof message.content === 'string') return message;
      const content = await Promise.all(
        message.content.map((part) => (part.type === 'image' ? imageDigest(part) : part)),
      );
      return { ...message, content };
    }),
  );
}

/** The cache key of `request` sent to `modelRef` (`provider:model`). */
export async function requestHash(modelRef: string, request: Omit<ChatRequest, 'model'>): Promise<string> {
  const { messages, ...parameters } = request;
  const canonical = canonicalJson({
    v: 1,
    model: modelRef,
    messages: await hashableMessages(messages),
    parameters,
  });
  return sha256Hex(canonical);
}
