/**
 * The SDKs' own lifecycle tables, read at generation time from the installed packages:
 * - `@anthropic-ai/sdk`'s `src/internal/data/deprecated-models.ts`: model → end-of-life date ("January 22nd, 2027");
 * - `openai`'s `resources/shared.d.ts`: the "Deprecated values" comment of `ChatModel`, each group of ids with its
 *   "Announced shutdown date: YYYY-MM-DD".
 * Both are text the SDKs generate; a change of format makes these return nothing, which the generator reports.
 */

export type SdkRetirement = { retiresOn: string; source: string };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** `January 22nd, 2027` → `2027-01-22`; undefined when it is not such a date. */
export function parseLongDate(text: string): string | undefined {
  const match = /^([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[1]!.toLowerCase());
  if (month < 0) return undefined;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[2]!.padStart(2, '0')}`;
}

/** Anthropic's `DEPRECATED_MODELS` table: model id → retirement date. */
export function anthropicDeprecations(text: string, source: string): Map<string, SdkRetirement> {
  const out = new Map<string, SdkRetirement>();
  for (const match of text.matchAll(/'([a-z0-9.-]+)'\s*:\s*'([^']+)'/gi)) {
    const date = parseLongDate(match[2]!);
    if (date) out.set(match[1]!, { retiresOn: date, source });
  }
  return out;
}

/** OpenAI's "Deprecated values" list in `shared.d.ts`: model id → announced shutdown date. */
export function openaiShutdowns(text: string, source: string): Map<string, SdkRetirement> {
  const out = new Map<string, SdkRetirement>();
  const block = /\/\*\*\s*\n\s*\*\s*Deprecated values:([\s\S]*?)\*\//.exec(text)?.[1];
  if (!block) return out;
  const plain = block
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join('\n');
  for (const item of plain.split(/\n-\s+/)) {
    const date = /Announced shutdown date:\s*(\d{4}-\d{2}-\d{2})/.exec(item.replace(/\s+/g, ' '))?.[1];
    if (!date) continue;
    const head = item.split(':')[0] ?? '';
    for (const id of head.matchAll(/"([^"]+)"/g)) out.set(id[1]!, { retiresOn: date, source });
  }
  return out;
}
