/** Main marks the matched words of a search snippet with STX … ETX (characters nobody types). */
const START = '\u0002';
const END = '\u0003';

export type SnippetPart = { text: string; match: boolean };

/** A search snippet cut into plain and matched parts, for highlighting (never as HTML). */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  for (const char of snippet) {
    if (char === START || char === END) {
      if (text) parts.push({ text, match });
      text = '';
      match = char === START;
    } else {
      text += char;
    }
  }
  if (text) parts.push({ text, match });
  return parts;
}
