/**
 * Image inputs: PNG, JPEG, GIF and WebP, from bytes in memory or a file on disk. The type is read from the
 * bytes (magic numbers), never trusted from a name or a declared type, and anything else is refused with a message
 * that says what to do. Dimensions come from the image header (`image-size`), for token estimates and limits.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { imageSize } from 'image-size';
import { invalidRequest, type ErrorContext } from './errors';
import type { ChatRequest, ImageMediaType, ImagePart } from './types';
import { formatBytes } from '@contract/format';
import type { ImageAcceptLimits } from '@contract/image-limits';

export type LoadedImage = {
  bytes: Uint8Array;
  mediaType: ImageMediaType;
  width: number | undefined;
  height: number | undefined;
  /** How a message names it, at the start of a sentence: "The image photo.png", "Image 2". */
  label: string;
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** The image type from its first bytes, or undefined when it is none of the four we accept. */
export function detectImageType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  try {
    const size = imageSize(bytes);
    return size.width && size.height ? { width: size.width, height: size.height } : undefined;
  } catch {
    return undefined;
  }
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function dataURL(image: LoadedImage): string {
  return `data:${image.mediaType};base64,${toBase64(image.bytes)}`;
}

export async function loadImage(part: ImagePart, position: number, ctx: ErrorContext): Promise<LoadedImage> {
  let bytes: Uint8Array;
  let label: string;
  if (part.source.kind === 'file') {
    label = `The image ${basename(part.source.path)}`;
    try {
      bytes = await readFile(part.source.path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why =
        code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'it may not be read' : String(code);
      throw invalidRequest(ctx, `${label} could not be read (${why}). Attach it again.`);
    }
  } else {
    label = `Image ${position}`;
    bytes = part.source.data;
  }
  const mediaType = detectImageType(bytes);
  if (!mediaType) {
    throw invalidRequest(
      ctx,
      `${label} is not a PNG, JPEG, GIF or WebP image. Convert it to one of those formats and attach it again.`,
    );
  }
  const size = imageDimensions(bytes);
  return { bytes, mediaType, width: size?.width, height: size?.height, label };
}

/** A provider's limits (src-contract/image-limits.ts, the table the window prepares images by). */
export type ImageLimits = ImageAcceptLimits;

/** Loads every image of a request, in order, and checks each against the provider's limits. */
export async function loadRequestImages(
  request: ChatRequest,
  ctx: ErrorContext,
  limits: ImageLimits,
): Promise<Map<ImagePart, LoadedImage>> {
  const images = new Map<ImagePart, LoadedImage>();
  let position = 0;
  for (const message of request.messages) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const part of message.content) {
      if (part.type !== 'image') continue;
      const image = await loadImage(part, ++position, ctx);
      checkLimits(image, limits, ctx);
      images.set(part, image);
    }
  }
  return images;
}

function checkLimits(image: LoadedImage, limits: ImageLimits, ctx: ErrorContext): void {
  if (image.bytes.byteLength > limits.maxBytes) {
    throw invalidRequest(
      ctx,
      `${image.label} is ${formatBytes(image.bytes.byteLength)}; ${ctx.providerLabel} accepts images up to ${formatBytes(limits.maxBytes)}. Resize or compress it and attach it again.`,
    );
  }
  const { width, height } = image;
  if (limits.maxDimension && width && height && Math.max(width, height) > limits.maxDimension) {
    throw invalidRequest(
      ctx,
      `${image.label} is ${width}×${height} pixels; ${ctx.providerLabel} accepts at most ${limits.maxDimension} pixels on a side. Resize it and attach it again.`,
    );
  }
}
