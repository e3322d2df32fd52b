/** The image limits both sides use: what the window prepares is always within what main lets through. */
import { describe, expect, it } from 'vitest';
import {
  IMAGE_LIMITS_BY_KIND,
  IMAGE_LIMITS_BY_PRESET,
  imageLimitsFor,
  STRICTEST_SEND_SIZE,
} from './image-limits';
import { ProviderKindSchema, ProviderPresetSchema } from './models';

const MB = 1024 * 1024;

describe('image limits', () => {
  it('prepares every image within what main accepts, for every kind and preset', () => {
    for (const kind of ProviderKindSchema.options) {
      for (const preset of [undefined, ...ProviderPresetSchema.options]) {
        const { send, accept } = imageLimitsFor(kind, preset);
        expect(send.maxBytes, `${kind}/${preset}`).toBeLessThanOrEqual(accept.maxBytes);
        expect(send.maxShortEdge).toBeLessThanOrEqual(send.maxLongEdge);
        if (accept.maxDimension !== undefined)
          expect(send.maxLongEdge).toBeLessThanOrEqual(accept.maxDimension);
        // The strictest size fits every provider (Auto may choose any).
        expect(STRICTEST_SEND_SIZE.maxBytes).toBeLessThanOrEqual(accept.maxBytes);
        expect(STRICTEST_SEND_SIZE.maxLongEdge).toBeLessThanOrEqual(send.maxLongEdge);
      }
    }
  });

  it('takes a preset’s own limits over its kind’s (Groq: 3 MB of image, its 4 MB of base64)', () => {
    expect(imageLimitsFor('openai-compatible', 'groq').accept.maxBytes).toBe(3 * MB);
    expect(imageLimitsFor('openai-compatible', 'lmstudio')).toBe(IMAGE_LIMITS_BY_KIND['openai-compatible']);
    expect(imageLimitsFor('anthropic')).toEqual({
      send: { maxLongEdge: 1568, maxShortEdge: 1568, maxBytes: 5 * MB },
      accept: { maxBytes: 5 * MB, maxDimension: 8000 },
    });
    expect(STRICTEST_SEND_SIZE).toEqual({ maxLongEdge: 1568, maxShortEdge: 768, maxBytes: 3 * MB });
    expect(Object.keys(IMAGE_LIMITS_BY_PRESET)).toEqual(['groq']);
  });
});
