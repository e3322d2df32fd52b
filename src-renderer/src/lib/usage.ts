import type { LedgerRecord } from '@contract/ledger';
import { answerCertainty, certaintyOf, inputTokensOf, outputTokensOf, type Certainty } from '@contract/money';

/** Every input token, cached or not (`@contract/money`: zod-free, so the page's bundle stays without zod). */
export const inputTokens = inputTokensOf;

/** Every output token, reasoning included. */
export const outputTokens = outputTokensOf;

export { answerCertainty };

/** A ledger record's figures: a call cut after its first token was billed even when nothing was counted. */
export function recordCertainty(record: Pick<LedgerRecord, 'usage' | 'outcome'>): Certainty {
  return certaintyOf(record.usage, record.outcome === 'interrupted');
}
