/**
 * Anthropic Messages through `@anthropic-ai/sdk`: top-level `system`, a required `max_tokens` (from the request,
 * or a default from the model), base64 image blocks, tools and tool_choice, extended thinking with a budget,
 * structured output (`output_config.format`), and `count_tokens`.
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
  MessageDeltaUsage,
  MessageParam,
  RawMessageStreamEvent,
  ToolChoice as AnthropicToolChoice,
  Usage as AnthropicUsage,
} from '@anthropic-ai/sdk/resources/messages';
import type { Usage } from '@contract/usage';
import { probe, runRequest, runStream, wholeBodyTiming, type CallSetup } from './call';
import {
  ProviderError,
  invalidRequest,
  requestIdFromHeaders,
  unconfigured,
  type ErrorContext,
} from './errors';
import { loadRequestImages, toBase64, type LoadedImage } from './images';
import { imageLimitsFor } from '@contract/image-limits';
import { ResponseBuilder } from './normalize';
import { resolveSettings, secretsOf, type Env, type ResolvedSettings } from './presets';
import { countRequestTokens, estimateUsage, type LocalCountOptions } from './token-count';
import { SDK_TIMEOUT_MS, type CallTransport } from './transport';
import type {
  CallOptions,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  HealthProbe,
  ImagePart,
  ProviderAdapter,
  ProviderConfig,
  RemoteModel,
  StreamEvent,
  TokenCount,
  ToolChoice,
} from './types';
import { validateRequest, type RequestRules } from './validation';

const RULES: RequestRules = { maxTemperature: 1, minThinkingBudget: 1024, thinkingBudget: true };
const IMAGE_LIMITS = imageLimitsFor('anthropic').accept;
/** Without a count from the API: an o200k count scaled up, since Claude's tokenizer yields more tokens. */
const LOCAL_COUNT: LocalCountOptions = {
  encoding: 'o200k_base',
  exact: false,
  imageFormula: { kind: 'anthropic' },
  scale: 1.2,
};
/**
 * The SDK dropped `temperature` and `top_p` from its types (deprecated: models after Claude Opus 4.6 reject values
 * other than the defaults); the API and its spec still take them for the models that do.
 */
type AnthropicBody = MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number };

/** The default output limit when the request names none (thinking budgets come on top). */
const DEFAULT_MAX_TOKENS = 16_384;

/** The most output tokens a Claude model allows (from Anthropic's model overview). */
export function anthropicMaxOutputTokens(model: string): number {
  const id = model.toLowerCase();
  if (/claude-3-(haiku|opus|sonnet)/.test(id)) return 4096;
  if (/claude-3-5/.test(id)) return 8192;
  if (/claude-opus-4(-0|-1|-2025|$)/.test(id)) return 32_000;
  return 64_000;
}

/** `max_tokens` for a request: its own limit, or a default that leaves room for answer and thinking. */
export function anthropicMaxTokens(request: ChatRequest): number {
  if (request.maxOutputTokens !== undefined) return request.maxOutputTokens;
  const modelMax = anthropicMaxOutputTokens(request.model);
  return Math.min(modelMax, (request.reasoning?.budgetTokens ?? 0) + Math.min(DEFAULT_MAX_TOKENS, modelMax));
}

/** Usage from Anthropic: `input_tokens` excludes cache reads and writes; `output_tokens` includes thinking. */
export function anthropicUsage(usage: Partial<AnthropicUsage>): Usage {
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const fiveMinutes = usage.cache_creation?.ephemeral_5m_input_tokens ?? 0;
  const writes = usage.cache_creation_input_tokens ?? fiveMinutes + oneHour;
  const output = usage.output_tokens ?? 0;
  const reasoning = Math.min(output, usage.output_tokens_details?.thinking_tokens ?? 0);
  const result: Usage = {
    input: {
      uncached: usage.input_tokens ?? 0,
      cacheRead: usage.cache_read_input_tokens ?? 0,
      cacheWrite: Math.max(0, writes - oneHour),
    },
    output: { text: output - reasoning, reasoning },
    source: 'reported',
  };
  if (oneHour > 0) result.input.cacheWrite1h = oneHour;
  return result;
}

/** `message_delta` repeats usage cumulatively: fields it sends replace the earlier ones, null ones keep them. */
function mergeDeltaUsage(
  current: Partial<AnthropicUsage>,
  delta: MessageDeltaUsage,
): Partial<AnthropicUsage> {
  const next: Partial<AnthropicUsage> = { ...current, output_tokens: delta.output_tokens };
  if (delta.input_tokens !== null && delta.input_tokens !== undefined) next.input_tokens = delta.input_tokens;
  if (delta.cache_read_input_tokens !== null && delta.cache_read_input_tokens !== undefined) {
    next.cache_read_input_tokens = delta.cache_read_input_tokens;
  }
  if (delta.cache_creation_input_tokens !== null && delta.cache_creation_input_tokens !== undefined) {
    next.cache_creation_input_tokens = delta.cache_creation_input_tokens;
  }
  if (delta.output_tokens_details) next.output_tokens_details = delta.output_tokens_details;
  return next;
}

function toolChoice(choice: ToolChoice): AnthropicToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

/** Our messages as Anthropic's: system lifted out, tool results as user turns, same-role turns merged. */
function toAnthropicMessages(
  messages: ChatMessage[],
  images: ReadonlyMap<ImagePart, LoadedImage>,
): { system: string | undefined; messages: MessageParam[] } {
  const system: string[] = [];
  const out: Array<{ role: 'user' | 'assistant'; content: ContentBlockParam[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user': {
        if (typeof message.content === 'string') {
          push('user', [{ type: 'text', text: message.content }]);
          break;
        }
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text') {
            if (part.text !== '') blocks.push({ type: 'text', text: part.text });
            continue;
          }
          const image = images.get(part);
          if (!image) throw new Error('An image was not loaded before the request was built.');
          blocks.push({
            type: 'image',
            source: { type: 'base64', media_type: image.mediaType, data: toBase64(image.bytes) },
          });
        }
        push('user', blocks);
        break;
      }
      case 'assistant': {
        if (typeof message.content === 'string') {
          if (message.content !== '') push('assistant', [{ type: 'text', text: message.content }]);
          break;
        }
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text' && part.text !== '') blocks.push({ type: 'text', text: part.text });
          // A thinking block goes back only with its signature; Anthropic rejects unsigned thinking.
          if (part.type === 'thinking' && part.signature) {
            blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
          }
          if (part.type === 'tool-call') {
            const input = isObject(part.arguments) ? part.arguments : {};
            blocks.push({ type: 'tool_use', id: part.id, name: part.name, input });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool':
        push(
          'user',
          message.content.map((result) => ({
            type: 'tool_result' as const,
            tool_use_id: result.toolCallId,
            content: result.content,
            ...(result.isError ? { is_error: true } : {}),
          })),
        );
        break;
    }
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: out };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules extended thinking adds (Anthropic answers 400 otherwise). */
function validateThinking(request: ChatRequest, ctx: ErrorContext): void {
  const budget = request.reasoning?.budgetTokens;
  if (budget === undefined) return;
  const maxTokens = anthropicMaxTokens(request);
  if (maxTokens <= budget) {
    throw invalidRequest(
      ctx,
      `The thinking budget (${budget}) must be below ${request.model}'s output limit (${maxTokens}). Lower the budget.`,
    );
  }
  if (request.temperature !== undefined && request.temperature !== 1) {
    throw invalidRequest(
      ctx,
      'Extended thinking does not allow setting temperature. Remove temperature or thinking.',
    );
  }
  if (request.topP !== undefined && request.topP < 0.95) {
    throw invalidRequest(ctx, 'With extended thinking, top_p must be from 0.95 to 1. Raise it or remove it.');
  }
  if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') {
    throw invalidRequest(
      ctx,
      'Extended thinking cannot be combined with forcing a tool. Use tool choice auto or none, or turn thinking off.',
    );
  }
}

export class AnthropicAdapter implements ProviderAdapter {
  readonly kind = 'anthropic' as const;
  readonly id: string;
  private readonly settings: ResolvedSettings;

  constructor(config: ProviderConfig, env: Env) {
    this.id = config.id;
    this.settings = resolveSettings(config, env);
  }

  async complete(request: ChatRequest, options: CallOptions = {}): Promise<ChatResponse> {
    const setup = this.setup(options, request.model);
    return runRequest(setup, 'complete', async (transport) => {
      const { body, images } = await this.prepare(request, setup.ctx);
      const message = await this.client(transport, options).messages.create(body, {
        signal: transport.signal,
      });
      const builder = new ResponseBuilder({
        provider: this.id,
        model: request.model,
        requestId: requestIdFromHeaders(transport.response?.headers),
      });
      readMessage(message, builder);
      const response = builder.build(wholeBodyTiming(transport), 'final');
      if (!message.usage) response.usage = await estimateUsage(request, response, images, LOCAL_COUNT);
      return response;
    });
  }

  stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const setup = this.setup(options, request.model);
    let images: ReadonlyMap<ImagePart, LoadedImage> = new Map();
    const read = async function* (
      this: AnthropicAdapter,
      transport: CallTransport,
      builder: ResponseBuilder,
    ): AsyncGenerator<StreamEvent, boolean, undefined> {
      const prepared = await this.prepare(request, setup.ctx);
      images = prepared.images;
      const stream = await this.client(transport, options).messages.create(
        { ...prepared.body, stream: true },
        { signal: transport.signal },
      );
      const requestId = requestIdFromHeaders(transport.response?.headers);
      builder.setMeta({ requestId });
      yield { type: 'start', requestId, model: request.model };
      const state: EventState = { usage: undefined, stopped: false };
      for await (const event of stream) {
        yield* readEvent(event, builder, state);
      }
      // Complete once the stop reason came (message_delta): a lost message_stop after it loses nothing.
      const completed = state.stopped || builder.finishRaw !== null;
      // A tool call cut off by max_tokens never gets its block stop: it ends here, its arguments unparsed.
      if (completed) yield* builder.toolEnd();
      return completed;
    };
    return runStream(setup, { provider: this.id, model: request.model }, read.bind(this), (response) =>
      estimateUsage(request, response, images, LOCAL_COUNT),
    );
  }

  async listModels(options: CallOptions = {}): Promise<RemoteModel[]> {
    return runRequest(this.setup(options), 'request', async (transport) => {
      const models: RemoteModel[] = [];
      const pages = this.client(transport, options).models.list(
        { limit: 1000 },
        { signal: transport.signal },
      );
      for await (const model of pages) models.push(remoteModelOf(model));
      return models;
    });
  }

  /** Anthropic's `count_tokens` when it answers; otherwise a local estimate, marked as one. */
  async countTokens(request: ChatRequest, options: CallOptions = {}): Promise<TokenCount> {
    const setup = this.setup(options, request.model);
    const { body, images } = await this.prepare(request, setup.ctx);
    try {
      return await runRequest(setup, 'request', async (transport) => {
        const params: MessageCountTokensParams = { model: body.model, messages: body.messages };
        if (body.system !== undefined) params.system = body.system;
        if (body.tools) params.tools = body.tools;
        if (body.tool_choice) params.tool_choice = body.tool_choice;
        if (body.thinking) params.thinking = body.thinking;
        if (body.output_config) params.output_config = body.output_config;
        const counted = await this.client(transport, options).messages.countTokens(params, {
          signal: transport.signal,
        });
        return {
          inputTokens: counted.input_tokens,
          method: 'exact',
          source: 'provider',
        } satisfies TokenCount;
      });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'aborted') throw error;
      return countRequestTokens(request, images, LOCAL_COUNT);
    }
  }

  async health(options: CallOptions = {}): Promise<HealthProbe> {
    return probe(() => this.listModels(options).then((models) => models.length), this.context());
  }

  private context(model?: string): ErrorContext {
    return {
      providerLabel: this.settings.label,
      provider: this.id,
      model,
      secrets: secretsOf(this.settings),
      baseURL: this.settings.baseURL,
    };
  }

  private setup(options: CallOptions, model?: string): CallSetup {
    const ctx = this.context(model);
    if (options.apiKey) ctx.secrets = [...(ctx.secrets ?? []), options.apiKey];
    return { ctx, timeouts: { ...this.settings.timeouts, ...options.timeouts }, options };
  }

  private client(transport: CallTransport, options: CallOptions): Anthropic {
    const apiKey = options.apiKey ?? this.settings.apiKey;
    if (!apiKey || !this.settings.baseURL) {
      throw unconfigured(this.context(), this.settings.missing ?? 'no API key is set');
    }
    return new Anthropic({
      apiKey,
      baseURL: this.settings.baseURL,
      defaultHeaders: this.settings.headers,
      maxRetries: 0,
      timeout: SDK_TIMEOUT_MS,
      fetch: transport.fetch,
      logLevel: 'off',
      openTelemetry: false,
    });
  }

  /** Validates the request, loads its images and builds the body; nothing is sent here. */
  private async prepare(
    request: ChatRequest,
    ctx: ErrorContext,
  ): Promise<{ body: AnthropicBody; images: ReadonlyMap<ImagePart, LoadedImage> }> {
    validateRequest(request, RULES, ctx);
    validateThinking(request, ctx);
    const images = await loadRequestImages(request, ctx, IMAGE_LIMITS);
    const { system, messages } = toAnthropicMessages(request.messages, images);
    const body: AnthropicBody = {
      model: request.model,
      max_tokens: anthropicMaxTokens(request),
      messages,
    };
    if (system !== undefined) body.system = system;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.stop?.length) body.stop_sequences = request.stop;
    if (request.tools?.length) {
      body.tools = request.tools.map((tool) => ({
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        input_schema: { type: 'object', ...tool.parameters },
      }));
    }
    if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice);
    const budget = request.reasoning?.budgetTokens;
    if (budget !== undefined) body.thinking = { type: 'enabled', budget_tokens: budget };
    const effort = request.reasoning?.effort;
    if (request.responseFormat || effort) {
      body.output_config = {};
      if (request.responseFormat) {
        body.output_config.format = { type: 'json_schema', schema: request.responseFormat.schema };
      }
      if (effort) body.output_config.effort = effort === 'minimal' ? 'low' : effort;
    }
    if (request.providerOptions) Object.assign(body, request.providerOptions);
    return { body, images };
  }
}

function readMessage(message: Message, builder: ResponseBuilder): void {
  builder.setMeta({ id: message.id, model: message.model });
  for (const block of message.content) {
    if (block.type === 'text') builder.text(block.text);
    else if (block.type === 'thinking') {
      builder.thinkingBlock();
      builder.thinking(block.thinking);
      builder.signature(block.signature);
    } else if (block.type === 'tool_use') {
      builder.toolCall(block.id, block.name, JSON.stringify(block.input ?? {}), block.input ?? {});
    }
  }
  builder.finish(message.stop_reason);
  if (message.usage) builder.setUsage(anthropicUsage(message.usage));
}

type EventState = { usage: Partial<AnthropicUsage> | undefined; stopped: boolean };

function* readEvent(
  event: RawMessageStreamEvent,
  builder: ResponseBuilder,
  state: EventState,
): Generator<StreamEvent> {
  switch (event.type) {
    case 'message_start':
      builder.setMeta({ id: event.message.id, model: event.message.model });
      if (event.message.usage) {
        state.usage = event.message.usage;
        yield* builder.setUsage(anthropicUsage(state.usage));
      }
      break;
    case 'content_block_start': {
      const block = event.content_block;
      if (block.type === 'text') yield* builder.text(block.text);
      else if (block.type === 'thinking') {
        builder.thinkingBlock();
        yield* builder.thinking(block.thinking);
      } else if (block.type === 'tool_use') yield* builder.toolStart(event.index, block.id, block.name);
      break;
    }
    case 'content_block_delta': {
      const delta = event.delta;
      if (delta.type === 'text_delta') yield* builder.text(delta.text);
      else if (delta.type === 'thinking_delta') yield* builder.thinking(delta.thinking);
      else if (delta.type === 'signature_delta') yield* builder.signature(delta.signature);
      else if (delta.type === 'input_json_delta') yield* builder.toolDelta(event.index, delta.partial_json);
      break;
    }
    case 'content_block_stop':
      if (builder.hasTool(event.index)) yield* builder.toolEnd(event.index);
      break;
    case 'message_delta':
      builder.finish(event.delta.stop_reason);
      state.usage = mergeDeltaUsage(state.usage ?? {}, event.usage);
      yield* builder.setUsage(anthropicUsage(state.usage));
      break;
    case 'message_stop':
      state.stopped = true;
      break;
  }
}

export function createAnthropicAdapter(config: ProviderConfig, env: Env): ProviderAdapter {
  return new AnthropicAdapter(config, env);
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

function supported(value: unknown): boolean | undefined {
  const flag = (value as { supported?: unknown } | null | undefined)?.supported;
  return typeof flag === 'boolean' ? flag : undefined;
}

/**
 * What Anthropic's listing says of a model: its window (`max_input_tokens`), its most output (`max_tokens`),
 * capabilities, and its lifecycle (`lifecycle`, `retires_at`, `deprecated_at`). Fields an older API version
 * leaves out stay absent.
 */
export function remoteModelOf(model: Anthropic.Models.ModelInfo): RemoteModel {
  const raw = model as unknown as Record<string, unknown>;
  const entry: RemoteModel = { id: model.id };
  if (model.display_name) entry.displayName = model.display_name;
  const created = Date.parse(model.created_at);
  if (!Number.isNaN(created)) entry.createdAt = created;
  const window = positiveInt(raw.max_input_tokens);
  if (window !== undefined) entry.contextWindow = window;
  const output = positiveInt(raw.max_tokens);
  if (output !== undefined) entry.maxOutputTokens = output;
  const capabilities = raw.capabilities as Record<string, unknown> | null | undefined;
  if (capabilities && typeof capabilities === 'object') {
    const listed: NonNullable<RemoteModel['capabilities']> = {};
    const vision = supported(capabilities.image_input);
    const structured = supported(capabilities.structured_outputs);
    const thinking = supported(capabilities.thinking);
    if (vision !== undefined) listed.vision = vision;
    if (structured !== undefined) listed.structuredOutput = structured;
    if (thinking !== undefined) listed.reasoning = thinking;
    if (Object.keys(listed).length > 0) entry.capabilities = listed;
  }
  if (raw.lifecycle === 'active' || raw.lifecycle === 'deprecated' || raw.lifecycle === 'retired') {
    entry.lifecycle = raw.lifecycle;
  }
  const retires = dayOf(raw.retires_at);
  if (retires) entry.retiresOn = retires;
  const deprecated = dayOf(raw.deprecated_at);
  if (deprecated) entry.deprecatedOn = deprecated;
  return entry;
}
