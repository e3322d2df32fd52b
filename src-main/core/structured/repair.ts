/**
 * A structured answer with one repair: the answer is checked against the schema; an invalid one is sent back
 * once, with what is wrong, for the model to correct; a second invalid answer ends with `invalid_output`.
 */
import type { ErrorInfo } from '@contract/usage';
import type { CallOutcome } from '../policies/call-records';
import type { ChatRequest } from '../providers/types';
import type { CompiledSchema } from './schema';

/** The user turn that asks the model to fix its answer. */
export function repairPrompt(problems: string): string {
  const list = problems
    .split('\n')
    .map((line) => `- ${line}`)
    .join('\n');
  return [
    'Your answer does not match the required JSON schema:',
    list,
    '',
    'Answer again with the corrected JSON only: the whole object, matching the schema, with no explanation',
    'and no code fence around it.',
  ].join('\n');
}

export type StructuredRequest = Omit<ChatRequest, 'model'>;

/** One call through the pipeline: `answer` for the first, `repair` for the fix (its ledger rows say so). */
export type StructuredComplete = (
  request: StructuredRequest,
  purpose: 'answer' | 'repair',
) => Promise<CallOutcome>;

export type StructuredRun = {
  ok: boolean;
  /** The parsed, valid answer. */
  value?: unknown;
  /** The last answer's text (the repaired one when a repair was made). */
  text: string;
  /** Every call's outcome, the first answer's first (its attempts are the ledger's rows). */
  outcomes: CallOutcome[];
  /** kind `invalid_output` when the answer stayed invalid; the call's own error when a call failed. */
  error?: ErrorInfo;
};

const textOf = (outcome: CallOutcome): string =>
  outcome.ok ? outcome.response.text : (outcome.partial?.text ?? '');

const INVALID_ACTION = 'Send it again, simplify the schema, or pick a model that supports structured output.';

function invalid(message: string, retryable: boolean): ErrorInfo {
  return { kind: 'invalid_output', message, action: INVALID_ACTION, retryable };
}

export async function runStructured(input: {
  complete: StructuredComplete;
  request: StructuredRequest;
  compiled: CompiledSchema;
  /** The first answer when it was already made (a streamed chat answer): only the check and repair remain. */
  first?: CallOutcome;
}): Promise<StructuredRun> {
  const { complete, request, compiled } = input;
  const first = input.first ?? (await complete(request, 'answer'));
  const outcomes = [first];
  if (!first.ok) return { ok: false, text: textOf(first), outcomes, error: first.error };

  const firstCheck = compiled.check(first.response.text);
  if (firstCheck.ok) return { ok: true, value: firstCheck.value, text: first.response.text, outcomes };

  const repair = await complete(
    {
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: first.response.text },
        { role: 'user', content: repairPrompt(firstCheck.problems) },
      ],
    },
    'repair',
  );
  outcomes.push(repair);
  if (!repair.ok) {
    const error = invalid(
      `The answer does not match the schema (${firstCheck.problems.split('\n').join('; ')}), and asking ` +
        `the model to correct it failed: ${repair.error.message}`,
      repair.error.retryable,
    );
    return { ok: false, text: first.response.text, outcomes, error };
  }
  const secondCheck = compiled.check(repair.response.text);
  if (secondCheck.ok) return { ok: true, value: secondCheck.value, text: repair.response.text, outcomes };
  const error = invalid(
    `The answer does not match the schema, even after one correction:\n${secondCheck.problems}`,
    true,
  );
  return { ok: false, text: repair.response.text, outcomes, error };
}
