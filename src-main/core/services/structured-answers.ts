/**
 * Structured answers in chat: an answer to a request with a JSON schema is checked against the schema; an invalid
 * one is repaired once (its calls in the ledger, role `repair`), or reported with kind `invalid_output`.
 */
import type { LedgerRecord } from '@contract/ledger';
import type { ErrorInfo } from '@contract/usage';
import type { CallSuccess } from '../policies/call-records';
import type { ChatRequest } from '../providers/types';
import type { CallPlan } from './call-planner';
import type { LedgerContext } from './ledger-entries';

export type StructuredCheck = {
  schema: Record<string, unknown>;
  outcome: CallSuccess;
  request: Omit<ChatRequest, 'model'>;
  plan: CallPlan;
  context: LedgerContext;
  signal: AbortSignal;
};

export type StructuredResult = {
  ok: boolean;
  value?: unknown;
  /** The repaired answer's text, when a repair replaced it. */
  text?: string;
  error?: ErrorInfo;
  /** Ledger rows of the repair call, if one was made. */
  records: LedgerRecord[];
};

export interface StructuredAnswers {
  check(input: StructuredCheck): Promise<StructuredResult>;
}
