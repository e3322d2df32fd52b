/**
 * One ledger row per provider call: what the pipeline's AttemptRecord says, plus what the call was for (a chat
 * message, a batch item, a summary, a repair) and the prices of its model at the time. The ledger computes the cost.
 */
import type { Attempt } from '@contract/conversations';
import type { LedgerRecord } from '@contract/ledger';
import { computeCost } from '@contract/money';
import type { Prices } from '@contract/models';
import type { AttemptRecord, RouteStep } from '../policies/call-records';
import type { LedgerEntry } from '../ledger/ledger';

export type LedgerContext = {
  purpose: 'chat' | 'batch' | 'summary' | 'repair' | 'title';
  conversationId?: string;
  messageId?: string;
  batchJobId?: string;
  batchItemId?: string;
  profileId?: string;
  /** Overrides the record's role for the calls of a summary, a repair, or a round after tool calls. */
  role?: 'summary' | 'repair' | 'tool_round';
};

export function ledgerEntryOf(
  record: AttemptRecord,
  context: LedgerContext,
  prices: Prices | null,
): LedgerEntry {
  const entry: LedgerEntry = {
    requestId: record.requestId,
    attempt: record.attempt,
    role: context.role ?? record.role,
    purpose: context.purpose,
    provider: record.provider,
    model: record.model,
    outcome: record.outcome,
    usage: record.usage,
    prices,
    ts: record.startedAt,
    totalMs: record.totalMs,
  };
  if (context.conversationId) entry.conversationId = context.conversationId;
  if (context.messageId) entry.messageId = context.messageId;
  if (context.batchJobId) entry.batchJobId = context.batchJobId;
  if (context.batchItemId) entry.batchItemId = context.batchItemId;
  if (context.profileId) entry.profileId = context.profileId;
  if (record.error) entry.errorKind = record.error.interruptedBy ?? record.error.kind;
  if (record.reason) entry.reason = record.reason;
  if (record.ttftMs !== undefined) entry.ttftMs = record.ttftMs;
  if (record.outcome === 'cached' && record.savedUsage) {
    entry.savedMicros = computeCost(record.savedUsage, prices).costMicros;
  }
  return entry;
}

/** The cost of a request from its rows: null when any row's cost is unknown. */
export function costOfRecords(records: readonly LedgerRecord[]): number | null {
  let total = 0;
  for (const record of records) {
    if (record.costMicros === null) return null;
    total += record.costMicros;
  }
  return total;
}

/** A message's "answered by X after Y failed": each model of the chain, with what its calls cost. */
export function attemptsOf(steps: readonly RouteStep[], records: readonly LedgerRecord[]): Attempt[] {
  return steps.map((step) => {
    const own = records.filter((r) => `${r.provider}:${r.model}` === step.ref);
    const attempt: Attempt = { model: step.ref, outcome: step.outcome };
    if (step.reason) attempt.reason = step.reason;
    if (step.errorKind) attempt.errorKind = step.errorKind;
    if (own.length > 0) attempt.costMicros = costOfRecords(own);
    return attempt;
  });
}
