/** How the ledger records of one answer read: each attempt's role and outcome in words, and what they cost. */
import type { LedgerRecord } from '@contract/ledger';
import type { CostTotal } from '@contract/money';

const ROLE_WORDS: Record<LedgerRecord['role'], string> = {
  primary: 'First try',
  retry: 'Retry',
  fallback: 'Fallback',
  summary: 'Summary',
  repair: 'Repair',
  probe: 'Check',
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
  for (const record of records) {
    if (record.costMicros === null) unknownCostCalls += 1;
    else costMicros += record.costMicros;
  }
  return { costMicros, unknownCostCalls };
}

/**
 * What the attempts other than the one that answered cost: retries, fallbacks, failures (all of it when the
 * last attempt failed too), as the conversation's cost review counts it.
 */
export function overheadOf(records: readonly LedgerRecord[]): CostTotal {
  const last = records.at(-1);
  const answered = last && last.outcome !== 'error' ? last : undefined;
  return attemptsTotal(records.filter((r) => r !== answered));
}
