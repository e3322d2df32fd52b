/**
 * Ledger rows for calls cut off by a crash or a kill: the provider most likely charged for what it received, so
 * each such call gets one `interrupted` row with its usage estimated (input counted locally, output from what was
 * saved). Chat answers and batch items both build their rows here.
 */
import { randomUUID } from 'node:crypto';
import type { Prices } from '@contract/models';
import { emptyUsage } from '@contract/usage';
import type { LedgerEntry } from '../ledger/ledger';

export type InterruptedCall = {
  /** `provider:model` of the model that was answering. */
  ref: string;
  prices: Prices | null;
  inputTokens: number;
  outputTokens: number;
  /** What the call was for, as the ledger keeps it. */
  context: Pick<
    LedgerEntry,
    'purpose' | 'conversationId' | 'messageId' | 'batchJobId' | 'batchItemId' | 'profileId'
  >;
  reason: string;
};

/** The row of one cut-off call; null when its model is not a `provider:model` ref. */
export function interruptedEntry(call: InterruptedCall): LedgerEntry | null {
  const [provider, ...rest] = call.ref.split(':');
  if (!provider || rest.length === 0) return null;
  const usage = emptyUsage('estimated');
  usage.input.uncached = call.inputTokens;
  usage.output.text = call.outputTokens;
  const entry: LedgerEntry = {
    requestId: randomUUID(),
    attempt: 1,
    role: 'primary',
    provider,
    model: rest.join(':'),
    outcome: 'interrupted',
    reason: call.reason,
    usage,
    prices: call.prices,
    ...call.context,
  };
  for (const key of Object.keys(entry) as Array<keyof LedgerEntry>) {
    if (entry[key] === undefined) delete entry[key];
  }
  return entry;
}
