/**
 * Image rules for vision: which files are accepted (by their bytes, not their name), and how large an image each
 * provider takes (src-contract/image-limits.ts: the table main refuses by too), so images are downscaled in the page
 * before upload instead of being refused or resized there.
 */
import { imageLimitsFor, STRICTEST_SEND_SIZE, type ImageSendSize } from '@contract/image-limits';
import type { ProviderKind, ProviderPreset } from '@contract/models';

export const ACCEPTED_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

export type ImageLimits = ImageSendSize;

/** The size to prepare images to for a provider; the strictest of all when the provider is not known in advance. */
export function limitsFor(
  provider: { kind: ProviderKind; preset?: ProviderPreset } | null | undefined,
): ImageLimits {
  return provider ? imageLimitsFor(provider.kind, provider.preset).send : STRICTEST_SEND_SIZE;
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
