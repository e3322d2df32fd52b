/**
 * Reads an incoming HTTP request: which protocol and endpoint it addresses (by path), its body, and the
 * facts rules match on (model, prompt, stream flag, images). Also masks secrets for the request record.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EmulatorEndpoint, EmulatorProtocol } from './types';

export type Endpoint = 'chat' | 'models' | 'count-tokens' | 'ollama-tags' | 'ollama-version';

/** The endpoint as rules name it (Ollama's tags list models; its version is a version). */
export function publicEndpoint(endpoint: Endpoint): EmulatorEndpoint {
  if (endpoint === 'ollama-tags') return 'models';
  if (endpoint === 'ollama-version') return 'version';
  return endpoint;
}
export type Route = { protocol: EmulatorProtocol; endpoint: Endpoint; deployment?: string };

/** Path prefixes; `baseURLs` in server.ts are built from these. */
export const PREFIX = {
  anthropic: '/anthropic',
  azure: '/openai',
  gemini: '/v1beta/openai',
  ollama: '/ollama',
} as const;

type RouteEntry = { method: string; pattern: RegExp; protocol: EmulatorProtocol; endpoint: Endpoint };

const ROUTES: RouteEntry[] = [
  { method: 'POST', pattern: /^\/v1\/chat\/completions$/, protocol: 'openai', endpoint: 'chat' },
  { method: 'GET', pattern: /^\/v1\/models$/, protocol: 'openai', endpoint: 'models' },
  { method: 'POST', pattern: /^(?:\/anthropic)?\/v1\/messages$/, protocol: 'anthropic', endpoint: 'chat' },
  {
    method: 'POST',
    pattern: /^(?:\/anthropic)?\/v1\/messages\/count_tokens$/,
    protocol: 'anthropic',
    endpoint: 'count-tokens',
  },
  { method: 'GET', pattern: /^\/anthropic\/v1\/models$/, protocol: 'anthropic', endpoint: 'models' },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
    protocol: 'azure',
    endpoint: 'chat',
  },
  { method: 'GET', pattern: /^\/openai\/models$/, protocol: 'azure', endpoint: 'models' },
  { method: 'POST', pattern: /^\/v1beta\/openai\/chat\/completions$/, protocol: 'gemini', endpoint: 'chat' },
  { method: 'GET', pattern: /^\/v1beta\/openai\/models$/, protocol: 'gemini', endpoint: 'models' },
  { method: 'POST', pattern: /^(?:\/ollama)?\/api\/chat$/, protocol: 'ollama', endpoint: 'chat' },
  { method: 'GET', pattern: /^(?:\/ollama)?\/api\/tags$/, protocol: 'ollama', endpoint: 'ollama-tags' },
  { method: 'GET', pattern: /^(?:\/ollama)?\/api\/version$/, protocol: 'ollama', endpoint: 'ollama-version' },
  {
    method: 'POST',
    pattern: /^\/ollama\/v1\/chat\/completions$/,
    protocol: 'ollama-openai',
    endpoint: 'chat',
  },
  { method: 'GET', pattern: /^\/ollama\/v1\/models$/, protocol: 'ollama-openai', endpoint: 'models' },
];

/** The protocol and endpoint a request addresses, or null for a path no provider serves. */
export function routeOf(method: string, path: string, headers: IncomingMessage['headers']): Route | null {
  for (const entry of ROUTES) {
    if (entry.method !== method) continue;
    const found = entry.pattern.exec(path);
    if (!found) continue;
    // Anthropic's SDK pointed at the root lists models at /v1/models too; its version header tells them apart.
    if (entry.protocol === 'openai' && entry.endpoint === 'models' && headers['anthropic-version']) {
      return { protocol: 'anthropic', endpoint: 'models' };
    }
    const deployment = found[1] === undefined ? undefined : decodeURIComponent(found[1]);
    return { protocol: entry.protocol, endpoint: entry.endpoint, ...(deployment ? { deployment } : {}) };
  }
  return null;
}

/** The protocol a path most likely belongs to, for error bodies on paths no route serves. */
export function protocolGuess(path: string): EmulatorProtocol {
  if (path.startsWith(PREFIX.anthropic)) return 'anthropic';
  if (path.startsWith(PREFIX.gemini)) return 'gemini';
  if (path.startsWith(PREFIX.azure)) return 'azure';
  if (path.startsWith(`${PREFIX.ollama}/v1`)) return 'ollama-openai';
  if (path.startsWith(PREFIX.ollama) || path.startsWith('/api/')) return 'ollama';
  return 'openai';
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);

/** `sk-live-1234abcd` -> `****abcd`; `Bearer sk-...abcd` -> `Bearer ****abcd`. */
function maskSecret(value: string): string {
  const scheme = /^(Bearer|Basic)\s+/i.exec(value);
  const secret = scheme ? value.slice(scheme[0].length) : value;
  const tail = secret.length > 4 ? secret.slice(-4) : '';
  return `${scheme ? scheme[0] : ''}****${tail}`;
}

export function maskedHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = SECRET_HEADERS.has(name) ? maskSecret(text) : text;
  }
  return out;
}

/** The credential a request presents for its protocol, or undefined when it presents none. */
export function presentedKey(
  protocol: EmulatorProtocol,
  headers: IncomingMessage['headers'],
): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ''))?.[1]?.trim();
  if (protocol === 'anthropic') return firstHeader(headers['x-api-key']) ?? bearer;
  if (protocol === 'azure') return firstHeader(headers['api-key']) ?? bearer;
  return bearer;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text : undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messagesOf(body: Json): Json[] {
  return Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
}

/** The text of the last user message (text parts joined), which rules match `promptIncludes` against. */
export function lastUserPrompt(body: Json): string {
  const users = messagesOf(body).filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content
    .filter(isObject)
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObject)
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}

/**
 * The text of the tool results the request ends with (what a follow-up round of a tool loop sends back):
 * Anthropic's `tool_result` blocks in the last user turn, or the OpenAI / Ollama `tool` messages after the last
 * assistant message. null when the request does not end with tool results.
 */
export function lastToolResults(body: Json): string | null {
  const messages = messagesOf(body);
  const last = messages[messages.length - 1];
  if (!last) return null;
  if (last.role === 'user' && Array.isArray(last.content)) {
    const results = last.content.filter(isObject).filter((part) => part.type === 'tool_result');
    return results.length ? results.map((r) => textOf(r.content)).join('\n') : null;
  }
  if (last.role !== 'tool') return null;
  const trailing: Json[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--)
    trailing.unshift(messages[i] as Json);
  return trailing.map((m) => textOf(m.content)).join('\n');
}

/** Base64 payloads of every image in the request, in order, whatever the protocol's way of carrying them. */
function imagePayloads(body: Json): string[] {
  const found: string[] = [];
  for (const message of messagesOf(body)) {
    if (Array.isArray(message.images)) {
      for (const image of message.images) if (typeof image === 'string') found.push(image);
    }
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content.filter(isObject)) {
      if (part.type === 'image_url' && isObject(part.image_url) && typeof part.image_url.url === 'string') {
        const data = /^data:[^;,]+;base64,(.*)$/s.exec(part.image_url.url)?.[1];
        if (data) found.push(data);
      }
      if (part.type === 'image' && isObject(part.source) && typeof part.source.data === 'string') {
        found.push(part.source.data);
      }
    }
  }
  return found;
}

export function imageDigests(body: Json): string[] {
  return imagePayloads(body).map((data) =>
    createHash('sha256').update(Buffer.from(data, 'base64')).digest('hex'),
  );
}

/** A rough count of a text's tokens: about four characters each. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/** What an image is counted as (OpenAI's figure for a 1024x1024 image at high detail). */
const IMAGE_TOKENS = 765;

/** A rough count of a request's input tokens: its texts, tool definitions and images. */
export function estimateInputTokens(body: Json): number {
  let text = '';
  const add = (value: unknown) => {
    if (typeof value === 'string') text += value;
    else if (value !== undefined) text += JSON.stringify(value);
  };
  if (typeof body.system === 'string') add(body.system);
  else if (Array.isArray(body.system)) for (const block of body.system.filter(isObject)) add(block.text);
  add(body.tools);
  for (const message of messagesOf(body)) {
    text += `${String(message.role)}: `;
    if (typeof message.content === 'string') add(message.content);
    else if (Array.isArray(message.content)) {
      for (const part of message.content.filter(isObject)) {
        if (part.type === 'image_url' || part.type === 'image') continue;
        add(part.text ?? part.content ?? part.input ?? part.thinking);
      }
    }
    if (message.tool_calls !== undefined) add(message.tool_calls);
  }
  return estimateTokens(text) + imagePayloads(body).length * IMAGE_TOKENS;
}
