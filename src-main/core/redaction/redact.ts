/**
 * Redaction of secrets and personal data from anything that is logged or leaves the core as an error:
 * - every key the vault knows, verbatim (`createRedactor({ secrets })`);
 * - key shapes: `sk-…` (OpenAI, OpenRouter), `sk-ant-…`, `AIza…` (Google), `gsk_…` (Groq), `xai-…`, bearer
 *   tokens, and keys in URLs (`?key=`);
 * - `Authorization`, `x-api-key`, `api-key` (and cookie) headers, as text or as object fields;
 * - e-mail addresses, phone numbers, and card numbers (13 to 19 digits passing the Luhn check).
 * Objects and errors are walked (cycles and depth bounded); prompts and answers are hidden unless asked for.
 *
 * Time is linear in the text: every pattern that starts with a run of characters is anchored by a look-behind, so
 * a match can only start where its run starts (a 10 MB run of letters is scanned once, not once per position);
 * every other quantifier is bounded. `clip` bounds what is kept (error messages, log fields) without ever cutting
 * a secret in two.
 */

export const REDACTED = '[REDACTED]';

const SECRET_FIELD =
  /^(authorization|proxy-authorization|x-api-key|api-key|api_key|apikey|x-goog-api-key|cookie|set-cookie|password|passphrase|secret|client_secret|access_token|refresh_token|token)$/i;
/** Fields that hold what the user typed or the model answered. */
const CONTENT_FIELD =
  /^(prompt|prompts|messages|content|text|answer|completion|thinking|system|systemPrompt|draft|snippet|delta)$/;

const HEADER =
  /\b(authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|set-cookie|cookie)(["']?\s*[:=]\s*["']?)([^"'\r\n,}&]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const KEY_SHAPES = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bgsk_[A-Za-z0-9]{20,}/g,
  /\bxai-[A-Za-z0-9]{20,}/g,
];
const URL_KEY = /([?&](?:key|api_key|api-key|apikey|access_token|token)=)[^&\s"'#]+/gi;
/** The local part starts where its run starts (look-behind): without it, a long run without `@` is quadratic. */
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, single spaces or dashes allowed between; a leading 2 to 6 (card networks), never an epoch time. */
const CARD = /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?![\d-])/g;
const PHONES = [
  // International: +CC then groups.
  /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w-])/g,
  // North American: (555) 123-4567, 555-123-4567, 555.123.4567.
  /(?<![\w.-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])/g,
  // National with a trunk 0: 020 7946 0958, 030-1234567.
  /(?<![\w.-])0\d{1,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w-])/g,
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let secretsCache: { key: string; pattern: RegExp | null } = { key: '', pattern: null };
function secretsPattern(secrets: Iterable<string>): RegExp | null {
  const list = [...new Set([...secrets].filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  const key = list.join('\u0000');
  if (key !== secretsCache.key) {
    secretsCache = { key, pattern: list.length ? new RegExp(list.map(escapeRegExp).join('|'), 'g') : null };
  }
  return secretsCache.pattern;
}

/** The longest key the vault accepts (`checkKeyText`): a cut this far past a limit never splits one. */
export const MAX_SECRET_LENGTH = 4096;

/** Scrubs one text: known secrets first, then key shapes, headers, cards, e-mail addresses and phone numbers. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const known = secretsPattern(secrets);
  if (known) out = out.replace(known, REDACTED);
  out = out
    .replace(HEADER, `$1$2${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(URL_KEY, `$1${REDACTED}`);
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(CARD, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[card]' : match;
  });
  out = out.replace(EMAIL, '[email]');
  for (const phone of PHONES) {
    out = out.replace(phone, (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 ? '[phone]' : match;
    });
  }
  return out;
}

/**
 * Scrubs a text and keeps at most `max` characters of it, saying how many were cut. Only `max` plus
 * MAX_SECRET_LENGTH characters are read, so the time is bounded by `max` whatever the text's length, and a secret
 * that starts before the cut is still whole when it is scrubbed.
 */
export function redactClipped(text: string, max: number, secrets: Iterable<string> = []): string {
  if (text.length <= max) return redact(text, secrets);
  const scrubbed = redact(text.slice(0, max + MAX_SECRET_LENGTH), secrets);
  return `${scrubbed.slice(0, max)}… [${(text.length - max).toLocaleString('en-US')} more characters cut]`;
}

export type RedactValueOptions = {
  /** Replace prompts and answers by their length (the default, unless the user turned prompt logging on). */
  hideContent?: boolean;
};

const MAX_DEPTH = 8;
/** What one log field keeps: a line of the log is for reading, and bounded text keeps redaction fast. */
export const MAX_LOGGED_STRING = 16_384;
/** What a field's name keeps. */
const MAX_LOGGED_NAME = 200;
/** Items of an array and fields of an object kept in a log line. */
const MAX_LOGGED_ITEMS = 100;

function errorToObject(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  if (error.stack) out.stack = error.stack;
  for (const [k, v] of Object.entries(error)) out[k] = v;
  if (error.cause !== undefined) out.cause = error.cause;
  return out;
}

export type Redactor = {
  redact(text: string): string;
  /** `redactClipped` with the vault's secrets. */
  redactClipped(text: string, max: number): string;
  /** A copy of `value` that is safe to log: errors become plain objects, secrets and personal data scrubbed. */
  redactValue(value: unknown, options?: RedactValueOptions): unknown;
};

/** A redactor that also removes every secret `secrets()` returns at the time (the vault's keys). */
export function createRedactor(options: { secrets?: () => Iterable<string> } = {}): Redactor {
  const secrets = options.secrets ?? (() => []);
  const text = (s: string) => redact(s, secrets());
  const clipped = (s: string, max: number) => redactClipped(s, max, secrets());

  function walk(value: unknown, hide: boolean, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return clipped(value, MAX_LOGGED_STRING);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[nested too deep]';
    if (value instanceof Uint8Array) return `[${value.length} bytes]`;
    seen.add(value);
    if (value instanceof Error) return walk(errorToObject(value), hide, depth + 1, seen);
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      return walk(Object.fromEntries(value.entries()), hide, depth + 1, seen);
    }
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_LOGGED_ITEMS).map((v) => walk(v, hide, depth + 1, seen));
      if (value.length > MAX_LOGGED_ITEMS) items.push(`[${value.length - MAX_LOGGED_ITEMS} more items]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    let fields = 0;
    for (const k in value) {
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      if (++fields > MAX_LOGGED_ITEMS) {
        out['…'] = 'more fields left out';
        break;
      }
      const v = (value as Record<string, unknown>)[k];
      // A field's name can carry input too (a strict schema's unknown key): scrubbed and bounded like a value.
      const name = clipped(k, MAX_LOGGED_NAME);
      if (SECRET_FIELD.test(k) && v !== null && v !== undefined && typeof v !== 'boolean')
        out[name] = REDACTED;
      else if (
        hide &&
        CONTENT_FIELD.test(k) &&
        (typeof v === 'string' || typeof v === 'object') &&
        v !== null
      ) {
        out[name] = typeof v === 'string' ? `[hidden: ${v.length} characters]` : '[hidden]';
      } else out[name] = walk(v, hide, depth + 1, seen);
    }
    return out;
  }

  return {
    redact: text,
    redactClipped: clipped,
    redactValue: (value, opts = {}) => walk(value, opts.hideContent ?? true, 0, new WeakSet()),
  };
}
