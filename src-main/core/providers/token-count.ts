/**
 * Token counts before sending, and usage estimates where a provider reported none.
 * - OpenAI encodings: exact, offline, with `gpt-tokenizer` (o200k_base or cl100k_base by model) including the
 *   chat format's per-message overhead; tool definitions follow OpenAI's published approximation (an estimate).
 * - Images: each provider's published formula from the image's dimensions.
 * - Everyone else (Anthropic when `count_tokens` is unreachable, Gemini, local servers): an o200k count scaled for
 *   the other tokenizer, marked `estimate`.
 */
import { LRUCache } from 'lru-cache';
import type { ChatCompletionRequest, ChatMessage as TokenizerMessage } from 'gpt-tokenizer/functionCalling';
import type { Usage } from '@contract/usage';
import type { LoadedImage } from './images';
import type { ChatRequest, ChatResponse, ImagePart, TokenCount, ToolDefinition } from './types';

export type Encoding = 'o200k_base' | 'cl100k_base';

type Encoder = { encode: (text: string) => number[] };
const encoders = new Map<Encoding, Promise<Encoder>>();

/**
 * Token counts of the longer texts a request carries, by encoding and text: a send counts its conversation again
 * (its plan, then its context fit), and encoding a 200-message history takes 5 to 25 ms each time, so only what is
 * new is encoded. Bounded by the characters it keeps (about 8 million); shorter texts are cheaper to encode than to
 * look up.
 */
const countedTexts = new LRUCache<string, number>({
  maxSize: 8_000_000,
  sizeCalculation: (_count, key) => key.length,
});
const REMEMBERED_FROM_CHARS = 200;

function tokenLength(encoder: Encoder, encoding: Encoding, text: string): number {
  if (text.length < REMEMBERED_FROM_CHARS) return encoder.encode(text).length;
  const key = `${encoding}:${text}`;
  const known = countedTexts.get(key);
  if (known !== undefined) return known;
  const count = encoder.encode(text).length;
  countedTexts.set(key, count);
  return count;
}

/** How many texts have their count remembered (tests: a send encodes only what is new). */
export function rememberedTextCounts(): number {
  return countedTexts.size;
}

/** Loads an encoding once, on first use (the tables are a few megabytes). */
function loadEncoder(encoding: Encoding): Promise<Encoder> {
  let loading = encoders.get(encoding);
  if (!loading) {
    loading =
      encoding === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base')
        : import('gpt-tokenizer/encoding/cl100k_base');
    encoders.set(encoding, loading);
  }
  return loading;
}

/** The encoding an OpenAI model uses: cl100k_base for GPT-4 (not 4o/4.1/4.5) and GPT-3.5, o200k_base otherwise. */
export function encodingForModel(model: string): Encoding {
  const id = model.toLowerCase().split('/').pop() ?? '';
  if (/^gpt-3\.5/.test(id) || /^gpt-4(-|$)/.test(id)) return 'cl100k_base';
  if (/^text-embedding-(ada|3)/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

export async function countTextTokens(text: string, encoding: Encoding = 'o200k_base'): Promise<number> {
  return (await loadEncoder(encoding)).encode(text).length;
}

// ---------------------------------------------------------------------------------------------------------
// Image formulas

export type ImageFormula =
  | { kind: 'openai-tiles'; base: number; perTile: number }
  | { kind: 'openai-patches'; multiplier: number }
  | { kind: 'anthropic' }
  | { kind: 'gemini' };

/** OpenAI's per-model image costs ("Calculating costs" in the vision guide). */
export function openAIImageFormula(model: string): ImageFormula {
  const id = model.toLowerCase().split('/').pop() ?? '';
  if (/^gpt-5-mini|^gpt-4\.1-mini/.test(id)) return { kind: 'openai-patches', multiplier: 1.62 };
  if (/^gpt-5-nano|^gpt-4\.1-nano/.test(id)) return { kind: 'openai-patches', multiplier: 2.46 };
  if (/^o4-mini/.test(id)) return { kind: 'openai-patches', multiplier: 1.72 };
  if (/^gpt-4o-mini/.test(id)) return { kind: 'openai-tiles', base: 2833, perTile: 5667 };
  if (/^gpt-5/.test(id)) return { kind: 'openai-tiles', base: 70, perTile: 140 };
  if (/^o1|^o3/.test(id)) return { kind: 'openai-tiles', base: 75, perTile: 150 };
  if (/^computer-use/.test(id)) return { kind: 'openai-tiles', base: 65, perTile: 129 };
  return { kind: 'openai-tiles', base: 85, perTile: 170 };
}

/** Tokens for one image of `width`×`height` pixels under a formula. */
export function imageTokens(formula: ImageFormula, width: number, height: number): number {
  switch (formula.kind) {
    case 'openai-tiles': {
      // Fit within 2048×2048, then scale the shortest side down to 768; count 512-pixel tiles.
      let w = width;
      let h = height;
      const fit = Math.min(1, 2048 / Math.max(w, h));
      w *= fit;
      h *= fit;
      const shortest = Math.min(w, h);
      if (shortest > 768) {
        w = (w * 768) / shortest;
        h = (h * 768) / shortest;
      }
      const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
      return formula.base + formula.perTile * tiles;
    }
    case 'openai-patches': {
      const patchesFor = (w: number, h: number) => Math.ceil(w / 32) * Math.ceil(h / 32);
      let patches = patchesFor(width, height);
      if (patches > 1536) {
        let shrink = Math.sqrt((32 * 32 * 1536) / (width * height));
        shrink *= Math.min(
          Math.floor((width * shrink) / 32) / ((width * shrink) / 32),
          Math.floor((height * shrink) / 32) / ((height * shrink) / 32),
        );
        patches = Math.min(1536, patchesFor(Math.floor(width * shrink), Math.floor(height * shrink)));
      }
      return Math.ceil(patches * formula.multiplier);
    }
    case 'anthropic': {
      // Images beyond 1568 px on the long edge or about 1,600 tokens are scaled down first; tokens = w*h/750.
      const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt((1600 * 750) / (width * height)));
      return Math.ceil((Math.floor(width * scale) * Math.floor(height * scale)) / 750);
    }
    case 'gemini': {
      // Both sides at most 384 px: 258 tokens; larger images are cut into 768×768 tiles of 258 tokens each.
      if (width <= 384 && height <= 384) return 258;
      return Math.ceil(width / 768) * Math.ceil(height / 768) * 258;
    }
  }
}

/** When the dimensions could not be read: the formula's cost for a 1024×1024 image. */
function imageTokensOrDefault(formula: ImageFormula, image: LoadedImage | undefined): number {
  return imageTokens(formula, image?.width ?? 1024, image?.height ?? 1024);
}

// ---------------------------------------------------------------------------------------------------------
// Counting a request

export type LocalCountOptions = {
  /** The encoding to count with; `exact` says whether it is the model's own. */
  encoding: Encoding;
  exact: boolean;
  imageFormula: ImageFormula;
  /** Scales the o200k count toward another tokenizer (Claude's counts run higher). */
  scale?: number;
};

function toolDefinitions(tools: readonly ToolDefinition[] | undefined): ChatCompletionRequest['functions'] {
  return tools?.map((tool) => ({
    name: tool.name,
    description: tool.description,
    parameters: tool.parameters as unknown as NonNullable<
      ChatCompletionRequest['functions']
    >[number]['parameters'],
  }));
}

/** Flattens our messages into the tokenizer's chat format, with images counted apart. */
function tokenizerMessages(request: ChatRequest): { messages: TokenizerMessage[]; images: ImagePart[] } {
  const messages: TokenizerMessage[] = [];
  const images: ImagePart[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') messages.push({ role: 'system', content: message.content });
    else if (message.role === 'user') {
      if (typeof message.content === 'string') messages.push({ role: 'user', content: message.content });
      else {
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        images.push(...message.content.filter((part): part is ImagePart => part.type === 'image'));
        messages.push({ role: 'user', content: text });
      }
    } else if (message.role === 'assistant') {
      if (typeof message.content === 'string') messages.push({ role: 'assistant', content: message.content });
      else {
        const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
        messages.push({ role: 'assistant', content: text });
        for (const part of message.content) {
          if (part.type === 'tool-call') {
            messages.push({
              role: 'assistant',
              content: '',
              function_call: { name: part.name, arguments: part.rawArguments },
            });
          }
        }
      }
    } else {
      for (const result of message.content) messages.push({ role: 'tool', content: result.content });
    }
  }
  return { messages, images };
}

/** Counts a request's input tokens locally. */
export async function countRequestTokens(
  request: ChatRequest,
  images: ReadonlyMap<ImagePart, LoadedImage>,
  options: LocalCountOptions,
): Promise<TokenCount> {
  const encoder = await loadEncoder(options.encoding);
  const { computeChatCompletionTokenCount } = await import('gpt-tokenizer/functionCalling');
  const { messages, images: imageParts } = tokenizerMessages(request);
  const functions = toolDefinitions(request.tools);
  let text = computeChatCompletionTokenCount(
    { messages, functions: functions && functions.length > 0 ? functions : undefined },
    (s) => tokenLength(encoder, options.encoding, s),
  );
  if (request.responseFormat) text += encoder.encode(JSON.stringify(request.responseFormat.schema)).length;
  if (options.scale) text = Math.ceil(text * options.scale);
  const imageTotal = imageParts.reduce(
    (sum, part) => sum + imageTokensOrDefault(options.imageFormula, images.get(part)),
    0,
  );
  // Tool definitions and schemas follow an approximation of the provider's hidden format.
  const exact = options.exact && !request.tools?.length && !request.responseFormat;
  return {
    inputTokens: text + imageTotal,
    method: exact ? 'exact' : 'estimate',
    source: exact ? 'tokenizer' : 'heuristic',
  };
}

/** Usage estimated locally, for a provider that reported none. */
export async function estimateUsage(
  request: ChatRequest,
  response: Pick<ChatResponse, 'content'>,
  images: ReadonlyMap<ImagePart, LoadedImage>,
  options: LocalCountOptions,
): Promise<Usage> {
  const input = await countRequestTokens(request, images, options);
  let output = 0;
  let reasoning = 0;
  for (const part of response.content) {
    if (part.type === 'text') output += await countTextTokens(part.text, options.encoding);
    else if (part.type === 'thinking') reasoning += await countTextTokens(part.text, options.encoding);
    else output += await countTextTokens(part.name + part.rawArguments, options.encoding);
  }
  const scale = options.scale ?? 1;
  return {
    input: { uncached: input.inputTokens, cacheRead: 0, cacheWrite: 0 },
    output: { text: Math.ceil(output * scale), reasoning: Math.ceil(reasoning * scale) },
    source: 'estimated',
  };
}
