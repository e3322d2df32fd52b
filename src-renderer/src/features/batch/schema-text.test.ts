import { describe, expect, it } from 'vitest';
import { parseSchema } from './schema-text';

describe('parseSchema', () => {
  it('takes a JSON object', () => {
    expect(parseSchema('{"type":"object","properties":{"product":{"type":"string"}}}')).toEqual({
      schema: { type: 'object', properties: { product: { type: 'string' } } },
    });
  });

  it('says what is wrong with anything else', () => {
    expect(parseSchema('  ')).toEqual({ problem: 'Paste a JSON schema, or turn structured answers off.' });
    expect(parseSchema('{"type": ')).toMatchObject({
      problem: expect.stringMatching(/^This is not valid JSON: /),
    });
    expect(parseSchema('[1, 2]')).toMatchObject({ problem: expect.stringContaining('is an object') });
    expect(parseSchema('null')).toMatchObject({ problem: expect.stringContaining('is an object') });
  });
});
