/**
 * Structured answers in chat: an answer to a request with a JSON schema is checked against the schema; an invalid
 * one is repaired once (its calls in the ledger, role `repair`), or reported with kind `invalid_output`.
 */
import { randomUUID } from 'node:crypto';
import type { LedgerRecord } from '@contract/ledger';
import type { Prices } from '@contract/models';
import type { ErrorInfo } from '@contract/usage';
import type { Ledger } from '../ledger/ledger';
import type { CallSuccess } from '../policies/call-records';
import type { CallPipeline } from '../policies/pipeline';
import { compileSchema, runStructured } from '../structured/index';
import type { ChatRequest } from '../providers/types';
import type { CallPlan } from '../planning/index';
import { ledgerEntryOf, type LedgerContext } from './ledger-entries';

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

export type PipelineStructuredAnswersDeps = {
  pipeline: CallPipeline;
  ledger: Ledger;
  pricesOf: (ref: string) => Prices | null;
};

/** Checks with the compiled schema and repairs once through the pipeline (same candidates as the answer). */
export class PipelineStructuredAnswers implements StructuredAnswers {
  constructor(private readonly deps: PipelineStructuredAnswersDeps) {}

  async check(input: StructuredCheck): Promise<StructuredResult> {
    const compiled = compileSchema(input.schema);
    const requestIds: string[] = [];
    const run = await runStructured({
      first: input.outcome,
      request: input.request,
      compiled,
      complete: (request) => {
        const requestId = randomUUID();
        requestIds.push(requestId);
        return this.deps.pipeline.complete({
          requestId,
          candidates: input.plan.candidates,
          request,
          routing: input.plan.routing,
          fallbackOnAuthError: input.plan.fallbackOnAuthError,
          cache: 'off',
          signal: input.signal,
          onAttempt: (record) =>
            this.deps.ledger.append(
              ledgerEntryOf(
                record,
                { ...input.context, role: 'repair' },
                this.deps.pricesOf(`${record.provider}:${record.model}`),
              ),
            ),
        });
      },
    });
    const records = requestIds.flatMap((id) => this.deps.ledger.byRequest(id));
    const result: StructuredResult = { ok: run.ok, records };
    if (run.ok) result.value = run.value;
    if (run.outcomes.length > 1) result.text = run.text;
    if (run.error) result.error = run.error;
    return result;
  }
}
