/**
 * Ollama's native API: `POST /api/chat` as NDJSON lines (the default) or one JSON object (`stream: false`),
 * an `{"error":"..."}` line inside a stream, `GET /api/tags` and `GET /api/version`.
 */
import type { Frame, StreamRendering } from './frames';
import { now } from './clock';
import { streamErrorPayload } from './provider-errors';
import type { ErrorSpec } from './provider-errors';
import type { ReplyPlan } from './reply';

type Json = Record<string, unknown>;

const OLLAMA_VERSION = '0.12.6';

function createdAt(): string {
  return new Date(now()).toISOString();
}

function toolCalls(plan: ReplyPlan): Json[] {
  return plan.toolCalls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.input ?? {} },
  }));
}

function doneFields(plan: ReplyPlan): Json {
  const { input, cacheRead, cacheWrite, output } = plan.usage;
  return {
    done_reason: plan.finishReason ?? 'stop',
    done: true,
    total_duration: 1_250_000_000,
    load_duration: 25_000_000,
    prompt_eval_count: input + cacheRead + cacheWrite,
    prompt_eval_duration: 120_000_000,
    eval_count: output,
    eval_duration: 1_100_000_000,
  };
}

export function ollamaChat(plan: ReplyPlan): unknown {
  return {
    model: plan.model,
    created_at: createdAt(),
    message: {
      role: 'assistant',
      content: plan.text?.text ?? '',
      ...(plan.thinking ? { thinking: plan.thinking.text } : {}),
      ...(plan.toolCalls.length > 0 ? { tool_calls: toolCalls(plan) } : {}),
    },
    ...doneFields(plan),
  };
}

export function ollamaStream(plan: ReplyPlan): StreamRendering {
  const line = (message: Json): Frame => ({
    data: `${JSON.stringify({ model: plan.model, created_at: createdAt(), message: { role: 'assistant', ...message }, done: false })}\n`,
    kind: 'content',
  });
  const frames: Frame[] = [];
  for (const part of plan.thinking?.chunks ?? []) frames.push(line({ content: '', thinking: part }));
  for (const part of plan.text?.chunks ?? []) frames.push(line({ content: part }));
  if (plan.toolCalls.length > 0) frames.push(line({ content: '', tool_calls: toolCalls(plan) }));
  frames.push({
    data: `${JSON.stringify({ model: plan.model, created_at: createdAt(), message: { role: 'assistant', content: '' }, ...doneFields(plan) })}\n`,
    kind: 'finish',
  });
  return {
    contentType: 'application/x-ndjson',
    frames,
    errorFrame: (spec: ErrorSpec) => `${JSON.stringify(streamErrorPayload('ollama', spec))}\n`,
    malformedFrame: `{"model":"${plan.model}","message":{"role":"assistant","content":\n`,
  };
}

export function ollamaRequestProblem(body: Json): ErrorSpec | null {
  if (typeof body.model !== 'string' || body.model === '')
    return { status: 400, message: 'model is required' };
  return null;
}

export function ollamaTags(): unknown {
  const model = (name: string, family: string, parameterSize: string, size: number) => ({
    name,
    model: name,
    modified_at: '2025-10-01T12:00:00.000000000Z',
    size,
    digest: `${family}${'0'.repeat(64 - family.length)}`,
    details: {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: parameterSize,
      quantization_level: 'Q4_K_M',
    },
  });
  return {
    models: [
      model('llama3.2:latest', 'llama', '3.2B', 2_019_393_189),
      model('qwen3:8b', 'qwen3', '8.2B', 5_225_388_164),
      model('llava:latest', 'llama', '7B', 4_733_363_377),
    ],
  };
}

export function ollamaVersion(): unknown {
  return { version: OLLAMA_VERSION };
}
