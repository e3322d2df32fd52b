/** How the ledger records of one answer read: each attempt's role and outcome in words, and what they cost. */
import type { LedgerRecord } from '@contract/ledger';
import type { CostTotal } from '@contract/money';
import { recordCertainty } from '../../lib/usage';

const ROLE_WORDS: Record<LedgerRecord['role'], string> = {
  primary: 'First try',
  retry: 'Retry',
  fallback: 'Fallback',
  summary: 'Summary',
  repair: 'Repair',
  probe: 'Check',
  tool_round: 'After tools',
};

const OUTCOME_WORDS: Record<LedgerRecord['outcome'], string> = {
  ok: 'answered',
  error: 'failed',
  aborted: 'stopped',
  interrupted: 'interrupted',
  cached: 'from the cache',
};

export function roleWords(record: LedgerRecord): string {
  return ROLE_WORDS[record.role];
}

/** `answered`, `failed: rate_limit`, `interrupted: connection`. */
export function outcomeWords(record: LedgerRecord): string {
  const words = OUTCOME_WORDS[record.outcome];
  const kind = record.errorKind && record.outcome !== 'aborted' ? record.errorKind.replace(/_/g, ' ') : null;
  return kind ? `${words}: ${kind}` : words;
}

/** What all attempts cost together; unknown ones are counted, never added as 0. */
export function attemptsTotal(records: readonly LedgerRecord[]): CostTotal {
  let costMicros = 0;
  let unknownCostCalls = 0;
  let estimatedCalls = 0;
  for (const record of records) {
    const certainty = recordCertainty(record);
    if (record.costMicros === null || certainty === 'unknown') unknownCostCalls += 1;
    else costMicros += record.costMicros;
    if (certainty === 'estimated') estimatedCalls += 1;
  }
  return estimatedCalls > 0
    ? { costMicros, unknownCostCalls, estimatedCalls }
    : { costMicros, unknownCostCalls };
}

/**
 * What the attempts other than the one that answered cost: retries, fallbacks, failures (all of it when the
 * last attempt failed too), as the conversation's cost review counts it. An answer that used tools made one
 * request per model round: each round's answering attempt is not overhead.
 */
export function overheadOf(records: readonly LedgerRecord[]): CostTotal {
  const lastOfRequest = new Map<string, LedgerRecord>();
  for (const record of records) lastOfRequest.set(record.requestId, record);
  const answered = new Set([...lastOfRequest.values()].filter((r) => r.outcome !== 'error'));
  return attemptsTotal(records.filter((r) => !answered.has(r)));
}
