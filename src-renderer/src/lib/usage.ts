import type { Message } from '@contract/conversations';
import type { LedgerRecord } from '@contract/ledger';
import { certaintyOf, type Certainty } from '@contract/money';
import type { Usage } from '@contract/usage';

// The contract's own helpers live beside its zod schemas; importing them would put zod (80 KB) in the page's bundle.

/** Every input token, cached or not. */
export function inputTokens(usage: Usage): number {
  return (
    usage.input.uncached + usage.input.cacheRead + usage.input.cacheWrite + (usage.input.cacheWrite1h ?? 0)
  );
}

/** Every output token, reasoning included. */
export function outputTokens(usage: Usage): number {
  return usage.output.text + usage.output.reasoning;
}

/**
 * How sure an answer's figures are (`@contract/money`): an answer that had begun (text arrived, or it was cut or
 * interrupted) with no tokens known reads `unknown`, never $0; estimated usage is marked as such.
 */
export function answerCertainty(message: Pick<Message, 'usage' | 'text' | 'status' | 'error'>): Certainty {
  const began =
    message.text.length > 0 || message.status === 'interrupted' || message.error?.kind === 'interrupted';
  return certaintyOf(message.usage, began);
}

/** A ledger record's figures: a call cut after its first token was billed even when nothing was counted. */
export function recordCertainty(record: Pick<LedgerRecord, 'usage' | 'outcome'>): Certainty {
  return certaintyOf(record.usage, record.outcome === 'interrupted');
}
