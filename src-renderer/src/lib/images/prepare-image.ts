/**
 * Prepares a dropped, pasted or picked file for upload in the page: checks its bytes are a supported image that
 * decodes, downscales it with createImageBitmap and an OffscreenCanvas to the chosen provider's limits, and
 * re-encodes it smaller if it is still over the provider's byte limit.
 */
import type { CallInput } from '@contract/bridge';
import {
  describeFormat,
  fitWithin,
  refusalMessage,
  resizedType,
  sniffImageType,
  type AcceptedType,
  type ImageLimits,
} from './images';

export class ImageRefusedError extends Error {}

export type PreparedImage = { blob: Blob; mediaType: AcceptedType; width: number; height: number };

async function encode(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  type: AcceptedType,
  quality: number,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new ImageRefusedError('This window cannot resize images (no 2D canvas).');
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  return canvas.convertToBlob({ type, quality });
}

export async function prepareImage(file: File, limits: ImageLimits): Promise<PreparedImage> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const type = sniffImageType(head);
  if (!type) throw new ImageRefusedError(refusalMessage(file.name, describeFormat(head, file.name)));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImageRefusedError(
      `“${file.name}” could not be read as an image: the file may be damaged or incomplete.`,
    );
  }
  try {
    const fit = fitWithin(bitmap.width, bitmap.height, limits);
    if (!fit.scaled && file.size <= limits.maxBytes) {
      return { blob: file, mediaType: type, width: bitmap.width, height: bitmap.height };
    }
    let { width, height } = fit;
    let outType = resizedType(type);
    let quality = 0.9;
    for (let attempt = 0; attempt < 6; attempt++) {
      const blob = await encode(bitmap, width, height, outType, quality);
      if (blob.size <= limits.maxBytes) return { blob, mediaType: outType, width, height };
      // Still too heavy: lossy formats lower their quality first, then everything shrinks.
      if (outType === 'image/png' && attempt >= 1) outType = 'image/webp';
      quality = Math.max(0.6, quality - 0.1);
      width = Math.max(1, Math.round(width * 0.8));
      height = Math.max(1, Math.round(height * 0.8));
    }
    throw new ImageRefusedError(
      `“${file.name}” stays too large for this model even when reduced; try a smaller image.`,
    );
  } finally {
    bitmap.close();
  }
}

async function blobToBase64(blob: Blob): Promise<string> {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read.'));
    reader.readAsDataURL(blob);
  });
  return dataUrl.slice(dataUrl.indexOf(',') + 1);
}

export async function uploadInput(file: File, image: PreparedImage): Promise<CallInput<'attachments.add'>> {
  return {
    name: file.name.slice(0, 500),
    mediaType: image.mediaType,
    dataBase64: await blobToBase64(image.blob),
  };
}
