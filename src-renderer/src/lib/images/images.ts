/**
 * Image rules for vision: which files are accepted (by their bytes, not their name), and how large an image each
 * provider takes, so images are downscaled in the page before upload instead of being refused or resized there.
 *
 * Limits, from the providers' documentation (2025):
 * - Anthropic: larger than 1568 px on the long edge is downscaled by the API anyway (no gain in sending more);
 *   at most 8000 × 8000 px and 5 MB per image.
 * - OpenAI (and Azure OpenAI): high detail fits the image in 2048 × 2048, then its short side in 768 px;
 *   up to 20 MB per image.
 * - Gemini: inline data up to 20 MB per request; large images are tiled from 3072 px.
 * - Ollama and other OpenAI-compatible servers: no documented limit; 2048 px keeps local models fast.
 */
import type { ProviderKind } from '@contract/models';

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

export type ImageLimits = {
  /** The longest edge sent, in pixels. */
  maxLongEdge: number;
  /** The shortest edge sent, in pixels (OpenAI's high detail scales the short side to 768). */
  maxShortEdge: number;
  /** Largest encoded file, in bytes. */
  maxBytes: number;
};

const MB = 1024 * 1024;

export const IMAGE_LIMITS: Record<ProviderKind, ImageLimits> = {
  anthropic: { maxLongEdge: 1568, maxShortEdge: 1568, maxBytes: 5 * MB },
  openai: { maxLongEdge: 2048, maxShortEdge: 768, maxBytes: 20 * MB },
  azure: { maxLongEdge: 2048, maxShortEdge: 768, maxBytes: 20 * MB },
  gemini: { maxLongEdge: 3072, maxShortEdge: 3072, maxBytes: 7 * MB },
  ollama: { maxLongEdge: 2048, maxShortEdge: 2048, maxBytes: 20 * MB },
  'openai-compatible': { maxLongEdge: 2048, maxShortEdge: 2048, maxBytes: 20 * MB },
};

/** The strictest of all: used when the model is not known in advance (Auto may pick any provider). */
export const STRICTEST_LIMITS: ImageLimits = {
  maxLongEdge: Math.min(...Object.values(IMAGE_LIMITS).map((l) => l.maxLongEdge)),
  maxShortEdge: Math.min(...Object.values(IMAGE_LIMITS).map((l) => l.maxShortEdge)),
  maxBytes: Math.min(...Object.values(IMAGE_LIMITS).map((l) => l.maxBytes)),
};

export function limitsFor(kind: ProviderKind | null | undefined): ImageLimits {
  return kind ? IMAGE_LIMITS[kind] : STRICTEST_LIMITS;
}

/** The image's type from its first bytes, when it is one Modeldesk sends; null otherwise. */
export function sniffImageType(bytes: Uint8Array): AcceptedType | null {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (at(0) === 0x89 && ascii(1, 4) === 'PNG' && at(4) === 0x0d && at(5) === 0x0a) return 'image/png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** A name for a format Modeldesk does not send, for the refusal message. */
export function describeFormat(bytes: Uint8Array, fileName: string): string {
  const ascii = String.fromCharCode(...bytes.subarray(0, 32));
  const brand = ascii.slice(4, 12);
  if (brand.startsWith('ftyp') && /heic|heix|mif1|hevc/.test(brand + ascii.slice(12, 24)))
    return 'a HEIC image';
  if (brand.startsWith('ftypavif')) return 'an AVIF image';
  if (ascii.startsWith('BM')) return 'a BMP image';
  if (ascii.startsWith('II*') || ascii.startsWith('MM\0*')) return 'a TIFF image';
  if (ascii.startsWith('%PDF')) return 'a PDF';
  if (/^\s*(<\?xml|<svg)/i.test(ascii)) return 'an SVG image';
  const extension = /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1];
  return extension ? `a .${extension.toLowerCase()} file` : 'not an image Modeldesk can send';
}

export function refusalMessage(fileName: string, format: string): string {
  return `“${fileName}” is ${format}. Modeldesk sends PNG, JPEG, GIF and WebP images: convert it to one of those and attach it again.`;
}

/** The size to send: the image scaled down (never up) to fit the limits, keeping its aspect ratio. */
export function fitWithin(
  width: number,
  height: number,
  limits: ImageLimits,
): { width: number; height: number; scaled: boolean } {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, limits.maxLongEdge / long, limits.maxShortEdge / short);
  if (scale >= 1) return { width, height, scaled: false };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scaled: true,
  };
}

/** What to encode a resized image as: PNG and WebP keep their type (transparency), JPEG stays JPEG, GIF becomes PNG. */
export function resizedType(original: AcceptedType): AcceptedType {
  return original === 'image/gif' ? 'image/png' : original;
}
