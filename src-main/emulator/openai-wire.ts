/**
 * OpenAI Chat Completions as sent by OpenAI, Azure OpenAI, Gemini's OpenAI-compatible endpoint and Ollama's
 * /v1: the JSON completion, the `chat.completion.chunk` SSE stream (tool calls by index, the usage chunk only
 * with `stream_options.include_usage`, `[DONE]`), and each flavour's quirks (Azure's content-filter results and
 * leading `prompt_filter_results` chunk, OpenAI's `obfuscation` padding, Ollama's `fp_ollama`).
 */
import { randomBytes } from 'node:crypto';
import { sseFrame } from './frames';
import type { Frame, StreamRendering } from './frames';
import { streamErrorPayload } from './provider-errors';
import type { ErrorSpec } from './provider-errors';
import { randomId } from './reply';
import type { ChatCall, ReplyPlan } from './reply';
import type { EmulatorProtocol } from './types';

type Flavour = Exclude<EmulatorProtocol, 'anthropic' | 'ollama'>;
type Json = Record<string, unknown>;

const SAFE_FILTER = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};
const BLOCKED_FILTER = { ...SAFE_FILTER, violence: { filtered: true, severity: 'medium' } };
const PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: { ...SAFE_FILTER, jailbreak: { filtered: false, detected: false } },
  },
];

function finishReasonOf(plan: ReplyPlan): string {
  return plan.finishReason ?? (plan.toolCalls.length > 0 ? 'tool_calls' : 'stop');
}

function usageOf(flavour: Flavour, plan: ReplyPlan): Json {
  const { input, output, cacheRead, cacheWrite, reasoning } = plan.usage;
  const prompt = input + cacheRead + cacheWrite;
  const base = { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output };
  if (flavour === 'openai' || flavour === 'azure') {
    return {
      ...base,
      prompt_tokens_details: { cached_tokens: cacheRead, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: reasoning,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
  }
  return {
    ...base,
    ...(cacheRead > 0 ? { prompt_tokens_details: { cached_tokens: cacheRead } } : {}),
    ...(reasoning > 0 ? { completion_tokens_details: { reasoning_tokens: reasoning } } : {}),
  };
}

function responseId(flavour: Flavour): string {
  return flavour === 'ollama-openai'
    ? `chatcmpl-${randomBytes(2).readUInt16BE() % 1000}`
    : randomId('chatcmpl-', 29);
}

function fingerprint(flavour: Flavour): Json {
  if (flavour === 'ollama-openai') return { system_fingerprint: 'fp_ollama' };
  if (flavour === 'gemini') return {};
  return { system_fingerprint: 'fp_emulator01' };
}

/** The non-streaming `chat.completion`. */
export function openAICompletion(flavour: Flavour, plan: ReplyPlan): unknown {
  const finish = finishReasonOf(plan);
  const message: Json = {
    role: 'assistant',
    content: plan.text ? plan.text.text : null,
    refusal: plan.refusal ? plan.refusal.text : null,
    ...(flavour === 'openai' || flavour === 'azure' ? { annotations: [] } : {}),
    ...(plan.thinking ? { [plan.reasoningField]: plan.thinking.text } : {}),
    ...(plan.toolCalls.length > 0
      ? {
          tool_calls: plan.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          })),
        }
      : {}),
  };
  const choice: Json = {
    index: 0,
    message,
    logprobs: null,
    finish_reason: finish,
    ...(flavour === 'azure'
      ? { content_filter_results: finish === 'content_filter' ? BLOCKED_FILTER : SAFE_FILTER }
      : {}),
  };
  return {
    id: responseId(flavour),
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [choice],
    usage: usageOf(flavour, plan),
    ...(flavour === 'azure' ? { prompt_filter_results: PROMPT_FILTER_RESULTS } : {}),
    ...(flavour === 'openai' ? { service_tier: 'default' } : {}),
    ...fingerprint(flavour),
  };
}

/** OpenAI pads each chunk with a random `obfuscation` field that parsers ignore. */
function obfuscation(): string {
  return randomId('', 2 + ((randomBytes(1)[0] ?? 0) % 14));
}

/** The `chat.completion.chunk` stream. */
export function openAIStream(flavour: Flavour, plan: ReplyPlan, call: ChatCall): StreamRendering {
  const id = responseId(flavour);
  const streamOptions = call.body.stream_options as Json | undefined;
  const includeUsage = streamOptions?.include_usage === true;
  const finish = finishReasonOf(plan);

  const chunk = (choices: Json[], extra: Json = {}): string =>
    sseFrame({
      id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      ...(flavour === 'openai' ? { service_tier: 'default' } : {}),
      ...fingerprint(flavour),
      choices,
      ...(includeUsage && (flavour === 'openai' || flavour === 'azure') ? { usage: null } : {}),
      ...(flavour === 'openai' || flavour === 'azure' ? { obfuscation: obfuscation() } : {}),
      ...extra,
    });
  const choice = (delta: Json, finishReason: string | null = null, filter: Json = SAFE_FILTER): Json => ({
    index: 0,
    delta,
    ...(flavour === 'openai' || flavour === 'azure' ? { logprobs: null } : {}),
    finish_reason: finishReason,
    ...(flavour === 'azure' ? { content_filter_results: filter } : {}),
  });
  const frame = (delta: Json): Frame => ({ data: chunk([choice(delta)]), kind: 'content' });

  const frames: Frame[] = [];
  if (flavour === 'azure') {
    frames.push({
      data: sseFrame({
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: PROMPT_FILTER_RESULTS,
      }),
      kind: 'meta',
    });
  }
  const opening = plan.refusal
    ? { role: 'assistant', content: null, refusal: '' }
    : { role: 'assistant', content: plan.text ? '' : null, refusal: null };
  frames.push({ data: chunk([choice(opening, null, {})]), kind: 'meta' });
  for (const part of plan.thinking?.chunks ?? []) frames.push(frame({ [plan.reasoningField]: part }));
  for (const part of plan.text?.chunks ?? []) frames.push(frame({ content: part }));
  for (const part of plan.refusal?.chunks ?? []) frames.push(frame({ refusal: part }));
  plan.toolCalls.forEach((call, index) => {
    frames.push(
      frame({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const part of call.chunks)
      frames.push(frame({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  const finishFilter = finish === 'content_filter' ? BLOCKED_FILTER : {};
  frames.push({ data: chunk([choice({}, finish, finishFilter)]), kind: 'finish' });
  if (includeUsage) {
    frames.push({ data: chunk([], { usage: usageOf(flavour, plan) }), kind: 'finish' });
  }
  frames.push({ data: 'data: [DONE]\n\n', kind: 'finish' });

  return {
    contentType: 'text/event-stream; charset=utf-8',
    frames,
    errorFrame: (spec: ErrorSpec) => sseFrame(streamErrorPayload(flavour, spec)),
    malformedFrame: `data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n`,
  };
}

const REASONING_MODEL = /^(o\d|gpt-5)/;

/** The 400 the real endpoints send for a request they refuse, or null when the request is acceptable. */
export function openAIRequestProblem(flavour: Flavour, body: Json): ErrorSpec | null {
  if (typeof body.model !== 'string' || body.model === '') {
    if (flavour !== 'azure') return { status: 400, message: 'you must provide a model parameter' };
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return {
      status: 400,
      errorType: 'missing_required_parameter',
      message: "Missing required parameter: 'messages'.",
    };
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return {
      status: 400,
      message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    };
  }
  const model = typeof body.model === 'string' ? body.model : '';
  if (
    (flavour === 'openai' || flavour === 'azure') &&
    body.max_tokens !== undefined &&
    REASONING_MODEL.test(model)
  ) {
    return {
      status: 400,
      errorType: 'unsupported_parameter',
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    };
  }
  return null;
}
