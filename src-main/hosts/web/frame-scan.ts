/**
 * A look at a WebSocket frame before it is parsed: how many values its JSON holds. `JSON.parse` takes time in
 * proportion to that count (10 MB of `[` held the event loop for 5 s), while a long string inside a frame (an
 * image's base64, a pasted document) costs little. So the host counts the structural characters outside strings,
 * stopping at the limit, and refuses a frame past it unparsed. Strings are skipped with `indexOf`, so a frame of
 * any size is scanned in one pass.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const STRUCTURAL = new Set([0x5b, 0x7b, 0x2c, 0x3a]); // [ { , :

/** Whether a JSON text holds more than `max` values (arrays, objects, members and items counted). */
export function exceedsValueCount(bytes: Uint8Array, max: number): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  let i = 0;
  while (i < buffer.length) {
    const byte = buffer[i]!;
    if (byte === QUOTE) {
      i = endOfString(buffer, i + 1);
      if (i < 0) return false; // An unterminated string: JSON.parse refuses it at once.
      continue;
    }
    if (STRUCTURAL.has(byte) && ++count > max) return true;
    i++;
  }
  return false;
}

/** The index after the quote that closes a string starting at `from`, or -1. */
function endOfString(buffer: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const quote = buffer.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let k = quote - 1; k >= from && buffer[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}
