/**
 * How large an image each provider takes: one table for both sides (zod-free). The window prepares every image to
 * its provider's `send` size before upload, so it is neither refused nor downscaled by the provider; main refuses an
 * image over `accept` (one that reached it another way: a batch or an import, a profile whose model changed) with a
 * message that says what to do. What the window prepares is always within what main accepts (image-limits.test.ts).
 *
 * From the providers' documentation (2025-2026):
 * - Anthropic: larger than 1568 px on the long edge is downscaled by the API anyway (no gain in sending more); at
 *   most 8000 × 8000 px and 5 MB per image.
 * - OpenAI (and Azure OpenAI): high detail fits the image in 2048 × 2048, then its short side in 768 px; up to 20 MB
 *   per image.
 * - Gemini: inline data up to 20 MB per request (so a few images of 7 MB each still fit); large images are tiled
 *   from 3072 px.
 * - Groq (an OpenAI-compatible preset): base64 images up to 4 MB of text, so 3 MB of image.
 * - Ollama and other OpenAI-compatible servers: no documented limit; 2048 px keeps local models fast.
 */
import type { ProviderKind, ProviderPreset } from './models';

/** What the window sends: the image fitted within these edges, and re-encoded smaller past `maxBytes`. */
export type ImageSendSize = {
  /** The longest edge sent, in pixels. */
  maxLongEdge: number;
  /** The shortest edge sent, in pixels (OpenAI's high detail scales the short side to 768). */
  maxShortEdge: number;
  /** Largest encoded file, in bytes. */
  maxBytes: number;
};

/** What main lets through to the provider. */
export type ImageAcceptLimits = { maxBytes: number; maxDimension?: number };

export type ProviderImageLimits = { send: ImageSendSize; accept: ImageAcceptLimits };

const MB = 1024 * 1024;

const OPENAI: ProviderImageLimits = {
  send: { maxLongEdge: 2048, maxShortEdge: 768, maxBytes: 20 * MB },
  accept: { maxBytes: 20 * MB },
};
const LOCAL: ProviderImageLimits = {
  send: { maxLongEdge: 2048, maxShortEdge: 2048, maxBytes: 20 * MB },
  accept: { maxBytes: 20 * MB },
};

export const IMAGE_LIMITS_BY_KIND: Readonly<Record<ProviderKind, ProviderImageLimits>> = {
  anthropic: {
    send: { maxLongEdge: 1568, maxShortEdge: 1568, maxBytes: 5 * MB },
    accept: { maxBytes: 5 * MB, maxDimension: 8000 },
  },
  openai: OPENAI,
  azure: OPENAI,
  gemini: {
    send: { maxLongEdge: 3072, maxShortEdge: 3072, maxBytes: 7 * MB },
    accept: { maxBytes: 20 * MB },
  },
  ollama: LOCAL,
  'openai-compatible': LOCAL,
};

/** Presets whose service is stricter than their kind. */
export const IMAGE_LIMITS_BY_PRESET: Readonly<Partial<Record<ProviderPreset, ProviderImageLimits>>> = {
  groq: {
    send: { maxLongEdge: 2048, maxShortEdge: 2048, maxBytes: 3 * MB },
    accept: { maxBytes: 3 * MB },
  },
};

export function imageLimitsFor(kind: ProviderKind, preset?: ProviderPreset): ProviderImageLimits {
  return (preset && IMAGE_LIMITS_BY_PRESET[preset]) || IMAGE_LIMITS_BY_KIND[kind];
}

const ALL = [...Object.values(IMAGE_LIMITS_BY_KIND), ...Object.values(IMAGE_LIMITS_BY_PRESET)];

/** The strictest of all: what the window sends when the model is not known in advance (Auto may pick any). */
export const STRICTEST_SEND_SIZE: ImageSendSize = {
  maxLongEdge: Math.min(...ALL.map((l) => l.send.maxLongEdge)),
  maxShortEdge: Math.min(...ALL.map((l) => l.send.maxShortEdge)),
  maxBytes: Math.min(...ALL.map((l) => l.send.maxBytes)),
};
