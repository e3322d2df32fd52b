/**
 * The one interface over every provider. Adapters (one file each) translate it to a provider's wire format
 * through that provider's official SDK; everything above them (policies, services) speaks only this.
 */
import type { ErrorInfo, FinishReason, TimeoutPhase, Usage } from '@contract/usage';
import type { Capabilities, ProviderKind, ProviderPreset } from '@contract/models';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
export const IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
];

export type TextPart = { type: 'text'; text: string };
/** An image from bytes in memory or a file on disk (read when the request is sent). */
export type ImagePart = {
  type: 'image';
  source: { kind: 'bytes'; data: Uint8Array; mediaType: ImageMediaType } | { kind: 'file'; path: string };
};
export type ThinkingPart = { type: 'thinking'; text: string; signature?: string };
export type ToolCallPart = {
  type: 'tool-call';
  id: string;
  name: string;
  /** Parsed JSON arguments (an object), or undefined when the provider sent JSON that does not parse. */
  arguments: unknown;
  /** The arguments exactly as the provider sent them. */
  rawArguments: string;
};
export type ToolResultPart = { type: 'tool-result'; toolCallId: string; content: string; isError?: boolean };

export type SystemMessage = { role: 'system'; content: string };
export type UserMessage = { role: 'user'; content: string | Array<TextPart | ImagePart> };
export type AssistantMessage = {
  role: 'assistant';
  content: string | Array<TextPart | ThinkingPart | ToolCallPart>;
};
export type ToolMessage = { role: 'tool'; content: ToolResultPart[] };
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export type ToolDefinition = {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
};

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat = {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
  strict?: boolean;
};

export type ChatRequest = {
  /** The provider's own model id (no `provider:` prefix). */
  model: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  /** `effort` for OpenAI-style reasoning models, `budgetTokens` for Anthropic extended thinking. */
  reasoning?: { effort?: 'minimal' | 'low' | 'medium' | 'high'; budgetTokens?: number };
  /** Merged into the provider's request body as is, for options this interface does not name. */
  providerOptions?: Record<string, unknown>;
  /**
   * What the caller knows of the model (from the catalogue). Inputs it rules out (an image for a model without
   * vision, tools for one without tools...) fail before anything is sent.
   */
  modelCapabilities?: Partial<Capabilities>;
};

export type OutputPart = TextPart | ThinkingPart | ToolCallPart;

export type ChatResponse = {
  provider: string;
  /** The model that answered, as the provider reported it. */
  model: string;
  /** The provider's response id (`msg_...`, `chatcmpl-...`). */
  id?: string;
  /** The request id from the response headers (`request-id`, `x-request-id`, `apim-request-id`). */
  requestId?: string;
  /** All text parts joined. */
  text: string;
  content: OutputPart[];
  finishReason: FinishReason;
  /** The provider's own value (`end_turn`, `max_tokens`, `stop`, `SAFETY`...). */
  rawFinishReason: string | null;
  usage: Usage;
  timing: { ttftMs?: number; totalMs: number };
};

export type StreamEvent =
  /** Response headers arrived. */
  | { type: 'start'; requestId?: string; model?: string }
  | { type: 'text-delta'; text: string }
  | { type: 'thinking-delta'; text: string }
  | { type: 'thinking-signature'; signature: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number; call: ToolCallPart }
  /** Cumulative usage so far. */
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; response: ChatResponse }
  /** The stream broke (or was aborted): what had arrived is in `partial`. Always the last event. */
  | { type: 'error'; error: ErrorInfo; partial: ChatResponse };

export type Timeouts = {
  /** Until the response headers arrive. */
  connectMs: number;
  /** Until the first content delta (text, thinking or tool call). */
  firstTokenMs: number;
  /** Between two chunks of a stream. */
  idleMs: number;
  /** The whole call. */
  totalMs: number;
};

export type ResponseMeta = { status: number; headers: Headers };

export type CallOptions = {
  signal?: AbortSignal;
  /** Called once per HTTP response (success or error) with its status and headers; rate limiters learn here. */
  onResponse?: (meta: ResponseMeta) => void;
  /** Overrides the provider's configured timeouts for this call. */
  timeouts?: Partial<Timeouts>;
  /** Overrides the provider's key for this call (key rotation). */
  apiKey?: string;
};

/** A model as a provider's own listing describes it; figures it does not give are absent. */
export type RemoteModel = {
  id: string;
  displayName?: string;
  createdAt?: number;
  ownedBy?: string;
  /** The input context window (Anthropic's `max_input_tokens`). */
  contextWindow?: number;
  /** The most output a request may ask for (Anthropic's `max_tokens`). */
  maxOutputTokens?: number;
  /** What the listing says the model can do (Anthropic's `capabilities`). */
  capabilities?: Partial<Pick<Capabilities, 'vision' | 'structuredOutput' | 'reasoning'>>;
  /** Anthropic's `lifecycle`. */
  lifecycle?: 'active' | 'deprecated' | 'retired';
  /** YYYY-MM-DD: Anthropic's `retires_at`, OpenAI's `shutdown_date`. */
  retiresOn?: string;
  /** YYYY-MM-DD: Anthropic's `deprecated_at`. */
  deprecatedOn?: string;
};

export type TokenCount = {
  inputTokens: number;
  /** exact: the provider or its tokenizer counted; estimate: a local approximation. */
  method: 'exact' | 'estimate';
  source: 'provider' | 'tokenizer' | 'heuristic';
};

export type HealthProbe = { ok: boolean; latencyMs: number; error?: ErrorInfo; models?: number };

export type ProviderConfig = {
  id: string;
  kind: ProviderKind;
  preset?: ProviderPreset;
  label?: string;
  baseURL?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  timeouts?: Partial<Timeouts>;
  /** Azure OpenAI only. */
  azure?: {
    endpoint?: string;
    apiVersion?: string;
    /** model id -> deployment name; a model without one uses its own id as the deployment. */
    deployments?: Record<string, string>;
    /** A Microsoft Entra ID bearer token used instead of an api-key. */
    entraToken?: string;
  };
};

export interface ProviderAdapter {
  readonly id: string;
  readonly kind: ProviderKind;
  complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  listModels(options?: CallOptions): Promise<RemoteModel[]>;
  countTokens(request: ChatRequest, options?: CallOptions): Promise<TokenCount>;
  /** A cheap check that spends no tokens (listing models). */
  health(options?: CallOptions): Promise<HealthProbe>;
}

export type { TimeoutPhase };
