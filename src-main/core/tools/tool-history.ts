/**
 * An answer that used tools, as the provider saw it, for the turns that follow it: each round's text with the
 * calls it asked for, then what each call told the model (kept with the call), then the final round's text. A
 * call whose arguments were cut for display is replayed with `{}`, its result as it was.
 */
import type { ToolCallRecord } from '@contract/tools';
import type { ChatMessage, TextPart, ToolCallPart } from '../providers/types';

type Answer = { text: string; toolCalls?: readonly ToolCallRecord[]; roundTexts?: readonly string[] };

function parsedArguments(record: ToolCallRecord): { arguments: unknown; raw: string } {
  if (record.argumentsCut) return { arguments: {}, raw: '{}' };
  try {
    return { arguments: JSON.parse(record.arguments) as unknown, raw: record.arguments };
  } catch {
    return { arguments: {}, raw: '{}' };
  }
}

/** The answer's rounds as messages; null when it used no tools (it is then one assistant message, as ever). */
export function toolRoundMessages(answer: Answer): ChatMessage[] | null {
  const calls = answer.toolCalls ?? [];
  if (calls.length === 0) return null;
  const texts = answer.roundTexts ?? [];
  const lastRound = Math.max(texts.length, ...calls.map((c) => c.round));
  const out: ChatMessage[] = [];
  for (let round = 1; round <= lastRound; round++) {
    const text = texts[round - 1] ?? '';
    const asked = calls.filter((c) => c.round === round);
    if (asked.length === 0) {
      if (text.trim() !== '') out.push({ role: 'assistant', content: text });
      continue;
    }
    const content: Array<TextPart | ToolCallPart> = text.trim() ? [{ type: 'text', text }] : [];
    for (const call of asked) {
      const args = parsedArguments(call);
      content.push({
        type: 'tool-call',
        id: call.id,
        name: call.name,
        arguments: args.arguments,
        rawArguments: args.raw,
      });
    }
    out.push({ role: 'assistant', content });
    out.push({
      role: 'tool',
      content: asked.map((call) => ({
        type: 'tool-result' as const,
        toolCallId: call.id,
        // A call cut off by a crash of Modeldesk never told the model anything: it says so now.
        content: call.result ?? 'The call did not finish (Modeldesk stopped).',
        isError: call.result === undefined ? true : (call.isError ?? false),
      })),
    });
  }
  return out;
}

/** Everything tool results put in front of the model, for counting an answer's share of the context. */
export function toolResultText(answer: Answer): string {
  return (answer.toolCalls ?? []).map((c) => `${c.name} ${c.arguments}\n${c.result ?? ''}`).join('\n');
}
