/**
 * Checks an image before it is stored: the real type from its first bytes (never the name or the type the
 * page declared), that the file is complete (a truncated download is refused), and its size in bytes and
 * pixels. Dimensions come from `image-size`, which reads headers only. Every refusal says what to do.
 */
import { imageSize } from 'image-size';
import type { Attachment } from '@contract/conversations';
import { StorageError } from './errors';
import { formatBytes } from '@contract/format';
import { MAX_IMAGE_FILE_BYTES } from '@contract/limits';

export type ImageMediaType = Attachment['mediaType'];
export type ImageLimits = { maxBytes: number; maxPixels: number };
export type CheckedImage = { mediaType: ImageMediaType; width: number; height: number };

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: MAX_IMAGE_FILE_BYTES, maxPixels: 100_000_000 };

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.subarray(start, end)).toString('latin1');

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function sniffSupported(bytes: Uint8Array): ImageMediaType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'image/jpeg';
  const head = ascii(bytes, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Names a few formats people often try, so the refusal can say what the file is. */
function sniffOther(bytes: Uint8Array): string | null {
  const head = ascii(bytes, 0, 16);
  if (head.startsWith('BM')) return 'BMP';
  if (head.startsWith('II*\u0000') || head.startsWith('MM\u0000*')) return 'TIFF';
  if (head.slice(4, 8) === 'ftyp') {
    const brand = head.slice(8, 12);
    if (brand.startsWith('avi')) return 'AVIF';
    if (brand.startsWith('hei') || brand.startsWith('mif')) return 'HEIC';
  }
  if (head.startsWith('%PDF')) return 'PDF';
  const text = Buffer.from(bytes.subarray(0, 256)).toString('utf8').trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'SVG';
  return null;
}

/** Whether the file ends the way a complete file of its type does. */
function isComplete(bytes: Uint8Array, type: ImageMediaType): boolean {
  const tailFrom = (n: number) => Buffer.from(bytes.subarray(Math.max(0, bytes.length - n)));
  switch (type) {
    case 'image/png':
      // The IEND chunk closes every PNG; a few encoders leave padding after it.
      return tailFrom(64).includes('IEND', 0, 'latin1');
    case 'image/jpeg':
      // End of image (FF D9); some cameras append a trailer after it.
      return tailFrom(64 * 1024).includes(Buffer.from([0xff, 0xd9]));
    case 'image/gif':
      return tailFrom(16).includes(0x3b);
    case 'image/webp': {
      const declared = Buffer.from(bytes.subarray(4, 8)).readUInt32LE(0);
      return declared + 8 <= bytes.length;
    }
  }
}

const TYPE_NAMES: Record<ImageMediaType, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

export function checkImage(bytes: Uint8Array, name: string | undefined, limits: ImageLimits): CheckedImage {
  const label = name ? `"${name}"` : 'This file';
  if (bytes.length === 0) {
    throw new StorageError(
      'bad_request',
      `${label} is empty.`,
      'Choose the image again; if it persists, save it again.',
    );
  }
  if (bytes.length > limits.maxBytes) {
    throw new StorageError(
      'bad_request',
      `${label} is ${formatBytes(bytes.length)}; Modeldesk accepts images up to ${formatBytes(limits.maxBytes)}.`,
      'Export it smaller (for example as JPEG, or at a lower resolution) and attach it again.',
    );
  }
  const mediaType = sniffSupported(bytes);
  if (!mediaType) {
    const other = sniffOther(bytes);
    throw new StorageError(
      'bad_request',
      other
        ? `${label} is a ${other} file; Modeldesk can send only PNG, JPEG, GIF and WebP images.`
        : `${label} is not an image Modeldesk can send; only PNG, JPEG, GIF and WebP are accepted.`,
      'Open it in an image editor, export it as PNG or JPEG, and attach that.',
    );
  }
  const broken = new StorageError(
    'bad_request',
    `${label} looks like a ${TYPE_NAMES[mediaType]} image but is incomplete or damaged, so it cannot be sent.`,
    'Open it in an image viewer to check it, or download or export it again.',
  );
  if (!isComplete(bytes, mediaType)) throw broken;
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    throw broken;
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw broken;
  if (width * height > limits.maxPixels) {
    throw new StorageError(
      'bad_request',
      `${label} is ${width} × ${height} pixels; Modeldesk accepts images up to ${limits.maxPixels / 1_000_000} megapixels.`,
      'Scale it down (for example to 4000 pixels on the long side) and attach it again.',
    );
  }
  return { mediaType, width, height };
}
