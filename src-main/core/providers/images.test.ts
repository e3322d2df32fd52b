/** Image inputs: types from magic bytes, from memory or a file, refusals that say what to do. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectImageType, imageDimensions, loadImage, loadRequestImages } from './images';
import { PNG_2x1 } from './test-helpers';
import type { ChatRequest, ImagePart } from './types';

const ctx = { providerLabel: 'Anthropic', provider: 'anthropic', model: 'claude-sonnet-4-6' };
const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modeldesk-images-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('image types', () => {
  it('recognises PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(detectImageType(PNG_2x1)).toBe('image/png');
    expect(detectImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(detectImageType(bytes(...ascii('GIF89a'), 1, 0))).toBe('image/gif');
    expect(detectImageType(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 ')))).toBe('image/webp');
    expect(detectImageType(bytes(...ascii('%PDF-1.7')))).toBeUndefined();
    expect(detectImageType(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVE')))).toBeUndefined();
    expect(detectImageType(bytes())).toBeUndefined();
  });

  it('reads dimensions from the header', () => {
    expect(imageDimensions(PNG_2x1)).toEqual({ width: 2, height: 1 });
    expect(imageDimensions(bytes(1, 2, 3))).toBeUndefined();
  });
});

describe('loading images', () => {
  it('loads a file, trusting its bytes over its name', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, PNG_2x1);
    const image = await loadImage({ type: 'image', source: { kind: 'file', path } }, 1, ctx);
    expect(image).toMatchObject({
      mediaType: 'image/png',
      width: 2,
      height: 1,
      label: 'The image photo.jpg',
    });
  });

  it('refuses a file that is not an image, or is missing, saying what to do', async () => {
    const path = join(dir, 'notes.png');
    await writeFile(path, '%PDF-1.7 not an image');
    await expect(loadImage({ type: 'image', source: { kind: 'file', path } }, 1, ctx)).rejects.toMatchObject({
      kind: 'bad_request',
      message:
        'The image notes.png is not a PNG, JPEG, GIF or WebP image. Convert it to one of those formats and attach it again.',
    });
    await expect(
      loadImage({ type: 'image', source: { kind: 'file', path: join(dir, 'gone.png') } }, 1, ctx),
    ).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringMatching(/^The image gone\.png could not be read \(it does not exist\)/),
    });
  });

  it('refuses an image above the provider’s size or dimension limit', async () => {
    const big: ImagePart = {
      type: 'image',
      source: {
        kind: 'bytes',
        data: new Uint8Array([...PNG_2x1, ...new Uint8Array(2048)]),
        mediaType: 'image/png',
      },
    };
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [big] }] };
    await expect(loadRequestImages(request, ctx, { maxBytes: 1024 })).rejects.toMatchObject({
      message: expect.stringMatching(
        /^Image 1 is 2\.1 KB; Anthropic accepts images up to 1 KB\. Resize or compress/,
      ),
    });
    const wide: ChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'bytes', data: PNG_2x1, mediaType: 'image/png' } }],
        },
      ],
    };
    await expect(loadRequestImages(wide, ctx, { maxBytes: 1e6, maxDimension: 1 })).rejects.toMatchObject({
      message: expect.stringMatching(/2×1 pixels; Anthropic accepts at most 1 pixels on a side/),
    });
  });
});
