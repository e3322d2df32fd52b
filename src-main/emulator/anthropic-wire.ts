/**
 * Anthropic Messages: the JSON message, the SSE event sequence (`message_start` with usage, content blocks
 * with `thinking_delta`/`signature_delta`, `text_delta`, `input_json_delta`, `ping`, `message_delta` with
 * cumulative usage and `stop_reason`, `message_stop`), the in-stream `error` event, `count_tokens`, and the
 * header and body checks the real API makes. The model listing is in model-listings.ts.
 */
import { sseFrame } from './frames';
import type { Frame, StreamRendering } from './frames';
import { streamErrorPayload } from './provider-errors';
import type { ErrorSpec } from './provider-errors';
import { randomId } from './reply';
import type { ReplyPlan } from './reply';

type Json = Record<string, unknown>;

function stopReasonOf(plan: ReplyPlan): string {
  return (
    plan.finishReason ?? (plan.refusal ? 'refusal' : plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn')
  );
}

function stopDetails(plan: ReplyPlan): Json {
  if (!plan.refusal) return {};
  return {
    stop_details: {
      type: 'refusal',
      category: plan.refusal.category ?? null,
      explanation: plan.refusal.text,
    },
  };
}

function fullUsage(plan: ReplyPlan, outputTokens: number): Json {
  const { input, cacheRead, cacheWrite } = plan.usage;
  return {
    input_tokens: input,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function toolInput(input: unknown): unknown {
  return typeof input === 'object' && input !== null ? input : {};
}

/** The non-streaming message. */
export function anthropicMessage(plan: ReplyPlan): unknown {
  const content: Json[] = [];
  if (plan.thinking) {
    content.push({ type: 'thinking', thinking: plan.thinking.text, signature: plan.thinking.signature });
  }
  if (plan.text) content.push({ type: 'text', text: plan.text.text });
  for (const call of plan.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.input) });
  }
  return {
    model: plan.model,
    id: randomId('msg_01'),
    type: 'message',
    role: 'assistant',
    content,
    stop_reason: stopReasonOf(plan),
    stop_sequence: null,
    ...stopDetails(plan),
    usage: fullUsage(plan, plan.usage.output),
  };
}

/** The SSE event sequence. */
export function anthropicStream(plan: ReplyPlan): StreamRendering {
  const frames: Frame[] = [];
  const event = (payload: Json & { type: string }, kind: Frame['kind'] = 'meta') =>
    frames.push({ data: sseFrame(payload, payload.type), kind });

  event({
    type: 'message_start',
    message: {
      model: plan.model,
      id: randomId('msg_01'),
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: fullUsage(plan, 1),
    },
  });

  let index = 0;
  const block = (start: Json, deltas: Json[], contentDeltas: boolean[]) => {
    event({ type: 'content_block_start', index, content_block: start });
    if (index === 0) event({ type: 'ping' });
    deltas.forEach((delta, i) =>
      event({ type: 'content_block_delta', index, delta }, contentDeltas[i] ? 'content' : 'meta'),
    );
    event({ type: 'content_block_stop', index });
    index += 1;
  };

  if (plan.thinking) {
    const deltas = [
      ...plan.thinking.chunks.map((thinking) => ({ type: 'thinking_delta', thinking })),
      { type: 'signature_delta', signature: plan.thinking.signature },
    ];
    block(
      { type: 'thinking', thinking: '', signature: '' },
      deltas,
      deltas.map((d) => d.type === 'thinking_delta'),
    );
  }
  if (plan.text) {
    const deltas = plan.text.chunks.map((text) => ({ type: 'text_delta', text }));
    block(
      { type: 'text', text: '' },
      deltas,
      deltas.map(() => true),
    );
  }
  for (const call of plan.toolCalls) {
    const deltas = [
      { type: 'input_json_delta', partial_json: '' },
      ...call.chunks.map((partial_json) => ({ type: 'input_json_delta', partial_json })),
    ];
    block(
      { type: 'tool_use', id: call.id, name: call.name, input: {} },
      deltas,
      deltas.map((_, i) => i > 0),
    );
  }
  if (index === 0) event({ type: 'ping' });

  const { input, cacheRead, cacheWrite, output } = plan.usage;
  event(
    {
      type: 'message_delta',
      delta: { stop_reason: stopReasonOf(plan), stop_sequence: null, ...stopDetails(plan) },
      usage: {
        input_tokens: input,
        cache_creation_input_tokens: cacheWrite,
        cache_read_input_tokens: cacheRead,
        output_tokens: output,
      },
    },
    'finish',
  );
  event({ type: 'message_stop' }, 'finish');

  return {
    contentType: 'text/event-stream; charset=utf-8',
    frames,
    errorFrame: (spec: ErrorSpec) => sseFrame(streamErrorPayload('anthropic', spec), 'error'),
    malformedFrame: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{\n\n',
  };
}

const VERSION = /^(\d{4})-\d{2}-\d{2}$/;

/** The 400 the API sends for a missing or malformed `anthropic-version`, or null when it is acceptable. */
export function anthropicVersionProblem(version: string | undefined): ErrorSpec | null {
  if (!version) return { status: 400, message: 'anthropic-version: header is required' };
  const year = VERSION.exec(version)?.[1];
  if (!year || Number(year) < 2023) {
    return { status: 400, message: `anthropic-version: "${version}" is not a valid version` };
  }
  return null;
}

/** The 400 the API sends for a body it refuses, or null when the body is acceptable. */
export function anthropicRequestProblem(body: Json, endpoint: 'chat' | 'count-tokens'): ErrorSpec | null {
  const invalid = (message: string): ErrorSpec => ({ status: 400, message });
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (endpoint === 'chat' && typeof body.max_tokens !== 'number')
    return invalid('max_tokens: Field required');
  if (!Array.isArray(body.messages)) return invalid('messages: Field required');
  if (body.messages.length === 0) return invalid('messages: at least one message is required');
  const systemAt = body.messages.findIndex((m) => (m as Json | null)?.role === 'system');
  if (systemAt >= 0) {
    return invalid(
      `messages.${systemAt}.role: Unexpected role "system". The Messages API accepts a top-level \`system\` ` +
        'parameter, not "system" as an input message role.',
    );
  }
  const thinking = body.thinking as Json | undefined;
  if (
    endpoint === 'chat' &&
    thinking?.type === 'enabled' &&
    typeof thinking.budget_tokens === 'number' &&
    typeof body.max_tokens === 'number' &&
    thinking.budget_tokens >= body.max_tokens
  ) {
    return invalid(
      '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at ' +
        'https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
    );
  }
  return null;
}
