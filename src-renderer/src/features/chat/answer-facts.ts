/**
 * What an answer's footer and error say about how it was served: the fallback that happened and why. Pure: tested
 * apart from the views. (The model to offer after an outage is main's: planning/outage-offer.ts.)
 */
import type { Message } from '@contract/conversations';

export type AttemptsSummary = { fellBack: boolean; text: string };

/**
 * How the models of the chain fared, when more than the first one was involved: "Claude Sonnet 4.5 failed
 * (overloaded after 3 attempts), so GPT-4.1 answered" after a fallback; "Claude Sonnet 4.5 failed (…), GPT-4.1 failed
 * (…)" when none answered. Null when the first model answered, or when it alone was tried (its error says it all).
 */
export function describeAttempts(message: Message, nameOf: (ref: string) => string): AttemptsSummary | null {
  const attempts = message.attempts ?? [];
  const passed = attempts.filter((a) => a.outcome === 'failed' || a.outcome === 'skipped');
  if (passed.length === 0) return null;
  const served = attempts.find((a) => a.outcome === 'served')?.model;
  if (!served && new Set(passed.map((a) => a.model)).size < 2) return null;
  const why = passed
    .map(
      (a) =>
        `${nameOf(a.model)} ${a.outcome === 'skipped' ? 'was skipped' : 'failed'}${a.reason ? ` (${a.reason})` : ''}`,
    )
    .join(', ');
  return served
    ? { fellBack: true, text: `${why}, so ${nameOf(served)} answered` }
    : { fellBack: false, text: why };
}
