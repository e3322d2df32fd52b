import { describe, expect, it } from 'vitest';
import { IMAGE_LIMITS_BY_KIND, STRICTEST_SEND_SIZE } from '@contract/image-limits';
import { describeFormat, fitWithin, limitsFor, refusalMessage, resizedType, sniffImageType } from './images';

const IMAGE_LIMITS = {
  anthropic: IMAGE_LIMITS_BY_KIND.anthropic.send,
  openai: IMAGE_LIMITS_BY_KIND.openai.send,
};

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImageType', () => {
  it('recognizes PNG, JPEG, GIF and WebP by their bytes', () => {
    expect(sniffImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses other formats and truncated or renamed files', () => {
    expect(sniffImageType(bytes('BM'))).toBeNull();
    expect(sniffImageType(bytes([0x89], 'PN'))).toBeNull();
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
    expect(sniffImageType(bytes('hello, I am a text file named photo.png'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('describeFormat', () => {
  it('names common formats users try, for a message that says what to do', () => {
    expect(describeFormat(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'IMG_1.HEIC')).toBe(
      'a HEIC image',
    );
    expect(describeFormat(bytes([0, 0, 0, 0x18], 'ftypavif'), 'a.avif')).toBe('an AVIF image');
    expect(describeFormat(bytes('%PDF-1.7'), 'doc.pdf')).toBe('a PDF');
    expect(describeFormat(bytes('<svg xmlns='), 'x.svg')).toBe('an SVG image');
    expect(describeFormat(bytes('garbage'), 'notes.TXT')).toBe('a .txt file');
    expect(refusalMessage('IMG_1.HEIC', 'a HEIC image')).toMatch(/PNG, JPEG, GIF and WebP.*convert/);
  });
});

describe('fitWithin', () => {
  it('leaves images within the limits alone', () => {
    expect(fitWithin(1200, 800, IMAGE_LIMITS.anthropic)).toEqual({ width: 1200, height: 800, scaled: false });
  });

  it('scales the long edge down to Anthropic’s 1568 px, keeping the aspect ratio', () => {
    expect(fitWithin(4032, 3024, IMAGE_LIMITS.anthropic)).toEqual({
      width: 1568,
      height: 1176,
      scaled: true,
    });
    expect(fitWithin(3024, 4032, IMAGE_LIMITS.anthropic)).toEqual({
      width: 1176,
      height: 1568,
      scaled: true,
    });
  });

  it('applies OpenAI’s short-side limit of 768 px after fitting 2048 px', () => {
    expect(fitWithin(4000, 3000, IMAGE_LIMITS.openai)).toEqual({ width: 1024, height: 768, scaled: true });
    expect(fitWithin(4096, 1024, IMAGE_LIMITS.openai)).toEqual({ width: 2048, height: 512, scaled: true });
  });

  it('never goes below one pixel for extreme panoramas', () => {
    expect(fitWithin(100_000, 10, IMAGE_LIMITS.anthropic)).toEqual({ width: 1568, height: 1, scaled: true });
  });
});

describe('limitsFor', () => {
  it('prepares to the provider’s size, by its kind and preset; the strictest when it is not known in advance', () => {
    expect(limitsFor(null)).toBe(STRICTEST_SEND_SIZE);
    expect(limitsFor({ kind: 'gemini', preset: 'gemini' })).toBe(IMAGE_LIMITS_BY_KIND.gemini.send);
    expect(limitsFor({ kind: 'openai-compatible', preset: 'groq' }).maxBytes).toBe(3 * 1024 * 1024);
    expect(limitsFor({ kind: 'openai-compatible', preset: 'lmstudio' }).maxBytes).toBe(20 * 1024 * 1024);
  });

  it('re-encodes a resized GIF as PNG and keeps the other types', () => {
    expect(resizedType('image/gif')).toBe('image/png');
    expect(resizedType('image/webp')).toBe('image/webp');
  });
});
