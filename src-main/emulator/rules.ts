/**
 * The rule book: scripted replies and faults, validated on the way in (from tests in-process or as JSON over
 * the control API), matched in order against each request, and spent after their `times` uses.
 */
import { z } from 'zod';
import { EMULATOR_PROTOCOLS } from './types';
import type { EmulatorEndpoint, EmulatorProtocol, Rule } from './types';

const headersSchema = z.record(z.string(), z.string());
const count = z.number().int().nonnegative();
const delay = z.number().nonnegative();

const rateLimitWindow = z.strictObject({ limit: count, remaining: count, resetMs: delay });
const rateLimitSchema = z.strictObject({
  requests: rateLimitWindow.optional(),
  tokens: rateLimitWindow.optional(),
});

const replySchema = z.strictObject({
  text: z.string().optional(),
  chunks: z.array(z.string()).optional(),
  chunkSize: z.number().int().positive().optional(),
  thinking: z.union([z.string(), z.array(z.string())]).optional(),
  thinkingSignature: z.string().optional(),
  reasoningField: z.enum(['reasoning_content', 'reasoning']).optional(),
  toolCalls: z
    .array(
      z.strictObject({
        id: z.string().optional(),
        name: z.string().min(1),
        arguments: z.unknown(),
        argumentChunks: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  quoteToolResult: z
    .strictObject({
      before: z.string().optional(),
      after: z.string().optional(),
      maxChars: z.number().int().positive().optional(),
    })
    .optional(),
  refusal: z.string().optional(),
  refusalCategory: z.string().optional(),
  usage: z
    .strictObject({
      input: count.optional(),
      output: count.optional(),
      cacheRead: count.optional(),
      cacheWrite: count.optional(),
      reasoning: count.optional(),
    })
    .optional(),
  finishReason: z.string().optional(),
  model: z.string().optional(),
  firstByteDelayMs: delay.optional(),
  firstChunkDelayMs: delay.optional(),
  chunkDelayMs: delay.optional(),
  chunksPerSecond: z.number().positive().optional(),
  headers: headersSchema.optional(),
  rateLimit: rateLimitSchema.optional(),
});

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    message: z.string().optional(),
    errorType: z.string().optional(),
    shouldRetry: z.boolean().optional(),
    headers: headersSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('rate-limit'),
    retryAfterSeconds: z.number().nonnegative().optional(),
    retryAfterMs: delay.optional(),
    retryAfterDate: z.string().optional(),
    shouldRetry: z.boolean().optional(),
    rateLimit: rateLimitSchema.optional(),
    message: z.string().optional(),
    headers: headersSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('overloaded'), message: z.string().optional() }),
  z.strictObject({ kind: z.literal('reset-before-headers') }),
  z.strictObject({ kind: z.literal('cut-mid-stream'), afterChunks: count }),
  z.strictObject({
    kind: z.literal('stream-error'),
    afterChunks: count,
    errorType: z.string().optional(),
    message: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('malformed-json'), afterChunks: count.optional() }),
  z.strictObject({
    kind: z.literal('replay'),
    body: z.union([z.string(), z.instanceof(Uint8Array)]),
    contentType: z.string(),
    status: z.number().int().min(100).max(599).optional(),
    headers: headersSchema.optional(),
  }),
]);

const ruleSchema = z.strictObject({
  match: z
    .strictObject({
      protocol: z.enum(EMULATOR_PROTOCOLS as [EmulatorProtocol, ...EmulatorProtocol[]]).optional(),
      endpoint: z.enum(['chat', 'models', 'count-tokens', 'version', 'any']).optional(),
      model: z.string().optional(),
      promptIncludes: z.string().optional(),
      bodyIncludes: z.string().optional(),
      toolResults: z.boolean().optional(),
      toolResultIncludes: z.string().optional(),
      imageSha256: z.string().optional(),
      path: z.string().optional(),
      stream: z.boolean().optional(),
    })
    .optional(),
  reply: replySchema.optional(),
  fault: faultSchema.optional(),
  // JSON has no Infinity: the control API takes the string "Infinity".
  times: z
    .union([
      z.number().int().positive(),
      z.literal(Infinity),
      z.literal('Infinity').transform(() => Infinity),
    ])
    .optional(),
});

/** Checks rules (from code or JSON); throws an Error that says which rule and field is wrong, and how. */
function parseRules(input: unknown): Rule[] {
  const parsed = z.array(ruleSchema).safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `Invalid emulator rule: ${z.prettifyError(parsed.error)}\nSee src-main/emulator/types.ts for the Rule shape.`,
    );
  }
  return parsed.data as Rule[];
}

/** The facts about a request that rules match on. */
export type MatchFacts = {
  protocol: EmulatorProtocol;
  endpoint: EmulatorEndpoint;
  model: string | undefined;
  deployment: string | undefined;
  prompt: string;
  rawBody: string;
  /** The text of the tool results the request ends with; null when it ends with none. */
  toolResults: string | null;
  imageSha256: string[];
  path: string;
  stream: boolean;
};

function matches(rule: Rule, facts: MatchFacts): boolean {
  const m = rule.match ?? {};
  const endpoint = m.endpoint ?? (m.path === undefined ? 'chat' : 'any');
  if (endpoint !== 'any' && endpoint !== facts.endpoint) return false;
  if (m.protocol !== undefined && m.protocol !== facts.protocol) return false;
  if (m.model !== undefined && m.model !== facts.model && m.model !== facts.deployment) return false;
  if (m.promptIncludes !== undefined && !facts.prompt.includes(m.promptIncludes)) return false;
  if (m.bodyIncludes !== undefined && !facts.rawBody.includes(m.bodyIncludes)) return false;
  if (m.toolResults !== undefined && m.toolResults !== (facts.toolResults !== null)) return false;
  if (m.toolResultIncludes !== undefined && !(facts.toolResults ?? '').includes(m.toolResultIncludes)) {
    return false;
  }
  if (m.imageSha256 !== undefined && !facts.imageSha256.includes(m.imageSha256.toLowerCase())) return false;
  if (m.path !== undefined && m.path !== facts.path) return false;
  if (m.stream !== undefined && m.stream !== facts.stream) return false;
  return true;
}

type Entry = { rule: Rule; usesLeft: number };

export class RuleBook {
  #entries: Entry[] = [];

  /** Validates and appends rules (typed ones from code, or JSON from the control API). */
  add(rules: readonly unknown[]): void {
    for (const rule of parseRules(rules)) this.#entries.push({ rule, usesLeft: rule.times ?? 1 });
  }

  clear(): void {
    this.#entries = [];
  }

  /** The rules still in play, each with the uses it has left. */
  list(): Array<{ rule: Rule; usesLeft: number }> {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  /** Takes one use of the first rule matching `facts`; spent rules leave the book. */
  take(facts: MatchFacts): { rule: Rule; index: number } | null {
    const index = this.#entries.findIndex((entry) => matches(entry.rule, facts));
    const entry = this.#entries[index];
    if (!entry) return null;
    entry.usesLeft -= 1;
    if (entry.usesLeft <= 0) this.#entries.splice(index, 1);
    return { rule: entry.rule, index };
  }
}
