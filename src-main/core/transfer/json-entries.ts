/**
 * Reads large JSON exports without one long block of the event loop and without trusting their shape: a single
 * linear pass over the bytes finds the entries of the top-level array or object (and, on request, of one nested
 * container), refusing nesting deeper than a limit, and each entry is then parsed on its own with `JSON.parse`,
 * so the caller can yield between entries. Structural characters are ASCII and never occur inside a multi-byte
 * UTF-8 sequence, so scanning bytes is exact.
 */

export type JsonEntry = {
  /** The key (objects) or index (arrays). */
  key: string | number;
  /** Byte range of the value, whitespace trimmed. */
  start: number;
  end: number;
};

export class JsonShapeError extends Error {
  override name = 'JsonShapeError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && isSpace(bytes[at])) at++;
  return at;
}

function trimEnd(bytes: Uint8Array, start: number, end: number): number {
  while (end > start && isSpace(bytes[end - 1])) end--;
  return end;
}

/** The kind of the container that starts at `from` (after whitespace), or null when it is a scalar. */
export function containerAt(bytes: Uint8Array, from = 0, to = bytes.length): 'array' | 'object' | null {
  const at = skipSpace(bytes, from, to);
  if (bytes[at] === OPEN_ARRAY) return 'array';
  if (bytes[at] === OPEN_OBJECT) return 'object';
  return null;
}

/**
 * The entries of the array or object that spans `from`–`to` (the whole document by default). `maxDepth` counts
 * the container itself as depth 1. Throws JsonShapeError on a document that is not a container, nests too deep,
 * is cut short, or has anything but whitespace after its end.
 */
export function* jsonEntries(
  bytes: Uint8Array,
  options: { maxDepth: number; from?: number; to?: number },
): Generator<JsonEntry> {
  const end = options.to ?? bytes.length;
  let at = skipSpace(bytes, options.from ?? 0, end);
  const open = bytes[at];
  if (open !== OPEN_ARRAY && open !== OPEN_OBJECT) {
    throw new JsonShapeError('it does not start with a JSON array or object');
  }
  const isObject = open === OPEN_OBJECT;
  let depth = 1;
  let index = 0;
  let entryStart = -1;
  let colon = -1;
  at++;
  const finishEntry = (stop: number): JsonEntry | null => {
    if (entryStart < 0) return null;
    const valueEnd = trimEnd(bytes, entryStart, stop);
    if (!isObject) return { key: index++, start: entryStart, end: valueEnd };
    if (colon < 0) throw new JsonShapeError(`an object member has no value (at byte ${entryStart})`);
    const keyEnd = trimEnd(bytes, entryStart, colon);
    let key: unknown;
    try {
      key = JSON.parse(
        Buffer.from(bytes.buffer, bytes.byteOffset + entryStart, keyEnd - entryStart).toString(),
      );
    } catch {
      throw new JsonShapeError(`an object key is not a string (at byte ${entryStart})`);
    }
    if (typeof key !== 'string')
      throw new JsonShapeError(`an object key is not a string (at byte ${entryStart})`);
    const valueStart = skipSpace(bytes, colon + 1, valueEnd);
    if (valueStart >= valueEnd) throw new JsonShapeError(`the member "${key.slice(0, 80)}" has no value`);
    return { key, start: valueStart, end: valueEnd };
  };
  for (; at < end; at++) {
    const b = bytes[at]!;
    if (b === QUOTE) {
      if (depth === 1 && entryStart < 0) entryStart = at;
      // Skip the string, escapes included.
      for (at++; at < end; at++) {
        const c = bytes[at];
        if (c === BACKSLASH) at++;
        else if (c === QUOTE) break;
      }
      if (at >= end) throw new JsonShapeError('it ends inside a string (the file is cut short)');
      continue;
    }
    if (isSpace(b)) continue;
    if (depth === 1 && entryStart < 0 && b !== COMMA && b !== CLOSE_ARRAY && b !== CLOSE_OBJECT)
      entryStart = at;
    if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      depth++;
      if (depth > options.maxDepth) {
        throw new JsonShapeError(`it nests deeper than ${options.maxDepth} levels (at byte ${at})`);
      }
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) {
        const last = finishEntry(at);
        if (last) yield last;
        const rest = skipSpace(bytes, at + 1, end);
        if (options.to === undefined && rest < end) {
          throw new JsonShapeError(`there is more after its end (at byte ${rest})`);
        }
        return;
      }
    } else if (depth === 1 && b === COMMA) {
      const entry = finishEntry(at);
      if (!entry) throw new JsonShapeError(`it has an empty entry (at byte ${at})`);
      entryStart = -1;
      colon = -1;
      yield entry;
    } else if (depth === 1 && b === COLON && isObject && colon < 0) {
      colon = at;
    }
  }
  throw new JsonShapeError('it ends before its last bracket (the file is cut short)');
}

/** Parses one entry found by `jsonEntries`. */
export function parseEntry(bytes: Uint8Array, entry: Pick<JsonEntry, 'start' | 'end'>): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + entry.start, entry.end - entry.start).toString();
  return JSON.parse(text);
}
