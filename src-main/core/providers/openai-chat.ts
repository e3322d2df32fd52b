/**
 * OpenAI Chat Completions through the `openai` SDK: the shared core of the OpenAI, Azure OpenAI, Gemini
 * (OpenAI-compatible endpoint), Ollama (/v1) and other OpenAI-compatible adapters. A `ChatDialect` holds what
 * differs between them (token field, limits, model naming, how a thinking budget is sent, token counting).
 */
import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ProviderKind } from '@contract/models';
import type { Usage } from '@contract/usage';
import { probe, runRequest, runStream, wholeBodyTiming, type CallSetup } from './call';
import { requestIdFromHeaders, unconfigured, type ErrorContext } from './errors';
import { dataURL, loadRequestImages, type ImageLimits, type LoadedImage } from './images';
import { ResponseBuilder } from './normalize';
import { countRequestTokens, estimateUsage, type LocalCountOptions } from './token-count';
import type { CallTransport } from './transport';
import type {
  CallOptions,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  HealthProbe,
  ImagePart,
  ProviderAdapter,
  RemoteModel,
  StreamEvent,
  Timeouts,
  TokenCount,
  ToolChoice,
} from './types';
import { validateRequest, type RequestRules } from './validation';

export type ChatDialect = {
  /** The body field for the output limit on models that are not reasoning models. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  rules: RequestRules;
  imageLimits: ImageLimits;
  /** The body fields that carry a thinking budget, where the provider takes one (Gemini). */
  thinkingBudgetBody?: (budgetTokens: number) => Record<string, unknown>;
  /** The model name sent in the body (Azure: the deployment, which the SDK puts in the URL). */
  wireModel?: (model: string) => string;
  /** A listed model's id as users write it (Gemini lists `models/gemini-...`). */
  listedModelId?: (id: string) => string;
  /** How `countTokens` counts for a model. */
  tokenCounting: (model: string) => LocalCountOptions;
};

export type OpenAIChatSettings = {
  id: string;
  kind: ProviderKind;
  label: string;
  baseURL: string;
  timeouts: Timeouts;
  /** Keys and tokens to scrub from messages. */
  secrets: string[];
  dialect: ChatDialect;
  /** Builds the SDK client for one call around that call's fetch (and a per-call key, for rotation). */
  client: (fetch: CallTransport['fetch'], apiKey: string | undefined) => OpenAI;
  /** Why the provider cannot be called (a missing key or endpoint), if it cannot. */
  missing?: string;
};

/** o-series and GPT-5 models reason, and take `max_completion_tokens` only. */
export function isOpenAIReasoningModel(model: string): boolean {
  const id = model.toLowerCase().split('/').pop() ?? '';
  return /^o\d/.test(id) || (/^gpt-5/.test(id) && !/chat/.test(id));
}

type ReasoningFields = { reasoning_content?: unknown; reasoning?: unknown };

function reasoningText(value: ReasoningFields): string | undefined {
  const text = value.reasoning_content ?? value.reasoning;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/**
 * Usage from Chat Completions. `prompt_tokens` includes cached tokens. OpenAI counts reasoning inside
 * `completion_tokens`; xAI and Gemini's compatible endpoint leave it out and count it only in `total_tokens`
 * (xAI still reports `reasoning_tokens`, Gemini does not): the total tells which.
 */
export function openAIUsage(usage: CompletionUsage): Usage {
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const total = usage.total_tokens ?? prompt + completion;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? 0;
  const reported = usage.completion_tokens_details?.reasoning_tokens ?? undefined;
  const beyondCompletion = Math.max(0, total - prompt - completion);
  let reasoning: number;
  let text: number;
  if (reported !== undefined && reported > 0 && (reported > completion || beyondCompletion === reported)) {
    reasoning = reported;
    text = completion;
  } else if (reported !== undefined && reported > 0) {
    reasoning = reported;
    text = completion - reported;
  } else {
    reasoning = beyondCompletion;
    text = completion;
  }
  return {
    input: { uncached: Math.max(0, prompt - cacheRead - cacheWrite), cacheRead, cacheWrite },
    output: { text, reasoning },
    source: 'reported',
  };
}

function toolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function toOpenAIMessages(
  messages: ChatMessage[],
  images: ReadonlyMap<ImagePart, LoadedImage>,
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: message.content });
        break;
      case 'user':
        if (typeof message.content === 'string') out.push({ role: 'user', content: message.content });
        else {
          const content: ChatCompletionContentPart[] = message.content.map((part) => {
            if (part.type === 'text') return { type: 'text', text: part.text };
            const image = images.get(part);
            if (!image) throw new Error('An image was not loaded before the request was built.');
            return { type: 'image_url', image_url: { url: dataURL(image) } };
          });
          out.push({ role: 'user', content });
        }
        break;
      case 'assistant': {
        if (typeof message.content === 'string') {
          out.push({ role: 'assistant', content: message.content });
          break;
        }
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        const toolCalls: ChatCompletionMessageToolCall[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-call') continue;
          const args = part.rawArguments !== '' ? part.rawArguments : JSON.stringify(part.arguments ?? {});
          toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: args } });
        }
        out.push({
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }
      case 'tool':
        for (const result of message.content) {
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: result.content });
        }
        break;
    }
  }
  return out;
}

export class OpenAIChatAdapter implements ProviderAdapter {
  readonly id: string;
  readonly kind: ProviderKind;

  constructor(protected readonly settings: OpenAIChatSettings) {
    this.id = settings.id;
    this.kind = settings.kind;
  }

  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ChatResponse> {
    const setup = this.setup(options, request.model);
    return runRequest(setup, 'complete', async (transport) => {
      const { body, images } = await this.prepare(request, setup.ctx);
      const completion = await this.client(transport, options).chat.completions.create(body, {
        signal: transport.signal,
      });
      const builder = new ResponseBuilder(this.identity(request, transport));
      const refusal = readCompletion(completion, builder);
      const response = builder.build(wholeBodyTiming(transport), 'final');
      if (refusal) response.finishReason = 'refusal';
      if (!completion.usage) response.usage = await this.estimate(request, response, images);
      return response;
    });
  }

  stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const setup = this.setup(options, request.model);
    let images: ReadonlyMap<ImagePart, LoadedImage> = new Map();
    const read = async function* (
      this: OpenAIChatAdapter,
      transport: CallTransport,
      builder: ResponseBuilder,
    ): AsyncGenerator<StreamEvent, boolean, undefined> {
      const prepared = await this.prepare(request, setup.ctx);
      images = prepared.images;
      const body: ChatCompletionCreateParamsStreaming = {
        ...prepared.body,
        stream: true,
        stream_options: { include_usage: true },
      };
      const stream = await this.client(transport, options).chat.completions.create(body, {
        signal: transport.signal,
      });
      const requestId = requestIdFromHeaders(transport.response?.headers);
      builder.setMeta({ requestId });
      yield { type: 'start', requestId, model: request.model };
      const state: ChunkState = { finished: false, refusal: false, position: 0 };
      for await (const chunk of stream) {
        yield* readChunk(chunk, builder, state);
      }
      if (state.refusal) builder.finish(null, 'refusal');
      return state.finished;
    };
    return runStream(setup, { provider: this.id, model: request.model }, read.bind(this), (response) =>
      this.estimate(request, response, images),
    );
  }

  async listModels(options: CallOptions = {}): Promise<RemoteModel[]> {
    const setup = this.setup(options);
    return runRequest(setup, 'request', async (transport) => {
      const models: RemoteModel[] = [];
      for await (const model of this.client(transport, options).models.list({ signal: transport.signal })) {
        const id = this.settings.dialect.listedModelId?.(model.id) ?? model.id;
        const entry: RemoteModel = { id };
        if (typeof model.created === 'number' && model.created > 0) entry.createdAt = model.created * 1000;
        if (typeof model.owned_by === 'string' && model.owned_by !== '') entry.ownedBy = model.owned_by;
        // OpenAI's announced shutdown date (`null` while none is announced).
        const shutdown = (model as { shutdown_date?: unknown }).shutdown_date;
        if (typeof shutdown === 'string' && /^\d{4}-\d{2}-\d{2}/.test(shutdown))
          entry.retiresOn = shutdown.slice(0, 10);
        models.push(entry);
      }
      return models;
    });
  }

  async countTokens(request: ChatRequest, _options: CallOptions = {}): Promise<TokenCount> {
    const ctx = this.context(request.model);
    const images = await loadRequestImages(request, ctx, this.settings.dialect.imageLimits);
    return countRequestTokens(request, images, this.settings.dialect.tokenCounting(request.model));
  }

  async health(options: CallOptions = {}): Promise<HealthProbe> {
    return probe(() => this.listModels(options).then((models) => models.length), this.context());
  }

  protected context(model?: string): ErrorContext {
    return {
      providerLabel: this.settings.label,
      provider: this.settings.id,
      model,
      secrets: this.settings.secrets,
      baseURL: this.settings.baseURL,
    };
  }

  protected setup(options: CallOptions, model?: string): CallSetup {
    const ctx = this.context(model);
    if (options.apiKey) ctx.secrets = [...(ctx.secrets ?? []), options.apiKey];
    const timeouts = { ...this.settings.timeouts, ...options.timeouts };
    return { ctx, timeouts, options };
  }

  protected client(transport: CallTransport, options: CallOptions): OpenAI {
    // A per-call key stands in for a missing one, never for a missing endpoint.
    if (this.settings.missing && !(options.apiKey && this.settings.baseURL)) {
      throw unconfigured(this.context(), this.settings.missing);
    }
    return this.settings.client(transport.fetch, options.apiKey);
  }

  private identity(request: ChatRequest, transport: CallTransport) {
    return {
      provider: this.id,
      model: request.model,
      requestId: requestIdFromHeaders(transport.response?.headers),
    };
  }

  private estimate(
    request: ChatRequest,
    response: Pick<ChatResponse, 'content'>,
    images: ReadonlyMap<ImagePart, LoadedImage>,
  ): Promise<Usage> {
    return estimateUsage(request, response, images, this.settings.dialect.tokenCounting(request.model));
  }

  /** Validates the request, loads its images and builds the body; nothing is sent here. */
  protected async prepare(
    request: ChatRequest,
    ctx: ErrorContext,
  ): Promise<{ body: ChatCompletionCreateParamsNonStreaming; images: ReadonlyMap<ImagePart, LoadedImage> }> {
    const { dialect } = this.settings;
    validateRequest(request, dialect.rules, ctx);
    const images = await loadRequestImages(request, ctx, dialect.imageLimits);
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: dialect.wireModel?.(request.model) ?? request.model,
      messages: toOpenAIMessages(request.messages, images),
    };
    if (request.maxOutputTokens !== undefined) {
      const field = isOpenAIReasoningModel(request.model) ? 'max_completion_tokens' : dialect.maxTokensField;
      body[field] = request.maxOutputTokens;
    }
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.stop?.length) body.stop = request.stop;
    if (request.seed !== undefined) body.seed = request.seed;
    if (request.tools?.length) {
      body.tools = request.tools.map((tool) => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parameters: tool.parameters,
        },
      }));
    }
    if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice);
    if (request.responseFormat) {
      const { name, schema, strict } = request.responseFormat;
      body.response_format = {
        type: 'json_schema',
        json_schema: { name, schema, ...(strict !== undefined ? { strict } : {}) },
      };
    }
    if (request.reasoning?.effort) body.reasoning_effort = request.reasoning.effort;
    if (request.reasoning?.budgetTokens !== undefined && dialect.thinkingBudgetBody) {
      Object.assign(body, dialect.thinkingBudgetBody(request.reasoning.budgetTokens));
    }
    if (request.providerOptions) Object.assign(body, request.providerOptions);
    return { body, images };
  }
}

/** Reads a whole Chat Completion into the builder; true when the model refused. */
function readCompletion(completion: ChatCompletion, builder: ResponseBuilder): boolean {
  builder.setMeta({ id: completion.id, model: completion.model });
  let refusal = false;
  const choice = firstChoice(completion.choices);
  if (choice) {
    const message = choice.message;
    const reasoning = reasoningText(message as unknown as ReasoningFields);
    if (reasoning) builder.thinking(reasoning);
    if (message.content) builder.text(message.content);
    if (message.refusal) {
      builder.text(message.refusal);
      refusal = true;
    }
    for (const call of message.tool_calls ?? []) {
      if (call.type === 'function')
        builder.toolCall(call.id, call.function.name, call.function.arguments ?? '');
    }
    builder.finish(choice.finish_reason);
  }
  if (completion.usage) builder.setUsage(openAIUsage(completion.usage));
  return refusal;
}

/** Choice 0: with `n` > 1 a chunk may carry only other choices (we ask for one; this keeps them apart). */
function firstChoice<T extends { index?: number }>(choices: T[] | undefined): T | undefined {
  return choices?.find((choice) => (choice.index ?? 0) === 0);
}

type ChunkState = { finished: boolean; refusal: boolean; position: number };

function* readChunk(
  chunk: ChatCompletionChunk,
  builder: ResponseBuilder,
  state: ChunkState,
): Generator<StreamEvent> {
  // Azure's first chunk carries only prompt filter results, with an empty id and model.
  builder.setMeta({ id: chunk.id, model: chunk.model });
  const choice = firstChoice(chunk.choices);
  if (choice) {
    const delta = choice.delta ?? {};
    const reasoning = reasoningText(delta as ReasoningFields);
    if (reasoning) yield* builder.thinking(reasoning);
    if (delta.content) yield* builder.text(delta.content);
    if (delta.refusal) {
      state.refusal = true;
      yield* builder.text(delta.refusal);
    }
    for (const call of delta.tool_calls ?? []) {
      // Tool calls are matched by the provider's index, whatever number it starts from.
      const key = typeof call.index === 'number' ? call.index : state.position++;
      if (!builder.hasTool(key)) {
        yield* builder.toolStart(key, call.id ?? `call_${key}`, call.function?.name ?? '');
      }
      yield* builder.toolDelta(key, call.function?.arguments ?? '');
    }
    if (choice.finish_reason) {
      yield* builder.toolEnd();
      builder.finish(choice.finish_reason);
      state.finished = true;
    }
  }
  if (chunk.usage) yield* builder.setUsage(openAIUsage(chunk.usage));
}
