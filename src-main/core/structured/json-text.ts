/**
 * The JSON in a model's answer: the whole answer, or the first ```json fenced block that parses, or the span from
 * the first `{`/`[` to the last `}`/`]` (an answer with a sentence around its JSON). Model output is untrusted:
 * it is only ever parsed, never evaluated.
 */
export type JsonText = { ok: true; value: unknown } | { ok: false; reason: string };

const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)```/g;

function parse(text: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The JSON objects or arrays outermost in the text: from the first opening bracket to the last closing one. */
function bracketSpan(text: string): string | undefined {
  const start = text.search(/[[{]/);
  if (start === -1) return undefined;
  const close = text[start] === '{' ? '}' : ']';
  const end = text.lastIndexOf(close);
  return end > start ? text.slice(start, end + 1) : undefined;
}

export function extractJson(text: string): JsonText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'The answer is empty.' };
  const fenced = [...trimmed.matchAll(FENCE)]
    .filter((match) => ['', 'json', 'jsonc', 'json5'].includes((match[1] ?? '').toLowerCase()))
    .map((match) => (match[2] ?? '').trim());
  const span = bracketSpan(trimmed);
  const candidates = [trimmed, ...fenced, ...(span === undefined ? [] : [span])];
  const failures: string[] = [];
  for (const candidate of new Set(candidates)) {
    const parsed = parse(candidate);
    if (parsed.ok) return parsed;
    failures.push(parsed.reason);
  }
  // The most telling failure: the fenced block's, else the bracketed span's, else the whole answer's.
  return { ok: false, reason: `The answer is not valid JSON: ${failures[1] ?? failures[0]}` };
}
