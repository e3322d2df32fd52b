/**
 * Fallback: which models of a chain can take a request at all (capability-aware skipping, each skip with its
 * reason), and whether a failure moves on to the next model. The next model is tried when the current one is
 * unavailable after its retries (overloaded, server, timeout, connection, rate limit past its wait) or is
 * unconfigured; never on a bad request, a context length or a content filter; on an authentication failure only
 * when the setting says so.
 */
import type { ModelInfo } from '@contract/models';
import type { ErrorInfo, ErrorKind } from '@contract/usage';
import type { ChatRequest } from '../providers/types';

/** A model of the chain, with what the catalogue knows about it. `id` is `provider:model`. */
export type Candidate = Pick<
  ModelInfo,
  'id' | 'provider' | 'model' | 'contextWindow' | 'maxOutputTokens' | 'capabilities' | 'maxInputTokens'
> & {
  /** Set when planning already knows the model cannot answer (it has retired): skipped with this verdict. */
  unavailable?: { kind: ErrorKind; reason: string };
};

export type Requirements = {
  images: boolean;
  tools: boolean;
  structuredOutput: boolean;
  /** Estimated input tokens, when the caller counted them. */
  inputTokens?: number;
  /** The output the request asks room for. */
  maxOutputTokens?: number;
};

export function requirementsOf(request: Omit<ChatRequest, 'model'>, inputTokens?: number): Requirements {
  const images = request.messages.some(
    (m) => m.role === 'user' && typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'),
  );
  const requirements: Requirements = {
    images,
    tools: (request.tools?.length ?? 0) > 0 && request.toolChoice !== 'none',
    structuredOutput: request.responseFormat !== undefined,
  };
  if (inputTokens !== undefined) requirements.inputTokens = inputTokens;
  if (request.maxOutputTokens !== undefined) requirements.maxOutputTokens = request.maxOutputTokens;
  return requirements;
}

/**
 * What a candidate lacks for a request: to be in service at all (a retired model), its provider set up, a
 * capability, or room in its context window (or under its input limit).
 */
export type Shortfall = 'retired' | 'unconfigured' | 'vision' | 'tools' | 'structuredOutput' | 'context';

export type Unfit = { shortfall: Shortfall; reason: string; kind: ErrorKind };
export type Skip = Unfit & { candidate: Candidate };

const number = new Intl.NumberFormat('en-US');

/** Every reason `candidate` cannot take the request (none when it can), in the order the pipeline reports them. */
export function unfitReasons(candidate: Candidate, needs: Requirements, configured: boolean): Unfit[] {
  const unfit: Unfit[] = [];
  if (candidate.unavailable) unfit.push({ shortfall: 'retired', ...candidate.unavailable });
  if (!configured) {
    unfit.push({
      shortfall: 'unconfigured',
      kind: 'unconfigured',
      reason: `${candidate.provider} is not set up`,
    });
  }
  if (needs.images && !candidate.capabilities.vision) {
    unfit.push({ shortfall: 'vision', kind: 'bad_request', reason: `${candidate.id} cannot see images` });
  }
  if (needs.tools && !candidate.capabilities.tools) {
    unfit.push({ shortfall: 'tools', kind: 'bad_request', reason: `${candidate.id} cannot use tools` });
  }
  if (needs.structuredOutput && !candidate.capabilities.structuredOutput) {
    unfit.push({
      shortfall: 'structuredOutput',
      kind: 'bad_request',
      reason: `${candidate.id} cannot answer to a JSON schema`,
    });
  }
  if (
    needs.inputTokens !== undefined &&
    candidate.maxInputTokens !== undefined &&
    needs.inputTokens > candidate.maxInputTokens
  ) {
    unfit.push({
      shortfall: 'context',
      kind: 'context_length',
      reason: `${candidate.id} takes at most ${number.format(candidate.maxInputTokens)} input tokens, fewer than about ${number.format(needs.inputTokens)}`,
    });
  } else if (needs.inputTokens !== undefined) {
    const output = Math.min(needs.maxOutputTokens ?? 0, candidate.maxOutputTokens);
    const total = needs.inputTokens + output;
    if (total > candidate.contextWindow) {
      const what =
        output > 0
          ? `about ${number.format(total)} tokens (${number.format(needs.inputTokens)} in, ${number.format(output)} out)`
          : `about ${number.format(total)} tokens`;
      unfit.push({
        shortfall: 'context',
        kind: 'context_length',
        reason: `${candidate.id}'s context window of ${number.format(candidate.contextWindow)} tokens is too small for ${what}`,
      });
    }
  }
  return unfit;
}

/** The first reason `candidate` cannot take the request, or null when it can. */
export function unfitReason(candidate: Candidate, needs: Requirements, configured: boolean): Unfit | null {
  return unfitReasons(candidate, needs, configured)[0] ?? null;
}

/** Splits the chain into the models that can take the request (in order) and the skipped ones with reasons. */
export function screenCandidates(
  candidates: readonly Candidate[],
  needs: Requirements,
  isConfigured: (provider: string) => boolean,
): { eligible: Candidate[]; skipped: Skip[] } {
  const eligible: Candidate[] = [];
  const skipped: Skip[] = [];
  for (const candidate of candidates) {
    const unfit = unfitReason(candidate, needs, isConfigured(candidate.provider));
    if (unfit) skipped.push({ candidate, ...unfit });
    else eligible.push(candidate);
  }
  return { eligible, skipped };
}

const FALLS_BACK: ReadonlySet<ErrorKind> = new Set([
  'overloaded',
  'server',
  'timeout',
  'connection',
  'rate_limit',
  'unconfigured',
]);
const KEY_KINDS: ReadonlySet<ErrorKind> = new Set(['authentication', 'permission']);

/** A provider that is down, overloaded, unreachable, slow or out of rate: another provider may well answer. */
export function isOutage(kind: ErrorKind): boolean {
  return FALLS_BACK.has(kind) && kind !== 'unconfigured';
}

/** Whether a model's final failure (after its retries) moves on to the next model of the chain. */
export function fallsBack(error: ErrorInfo, options: { fallbackOnAuthError: boolean }): boolean {
  if (FALLS_BACK.has(error.kind)) return true;
  return KEY_KINDS.has(error.kind) && options.fallbackOnAuthError;
}
