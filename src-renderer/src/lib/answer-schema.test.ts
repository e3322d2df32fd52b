import { describe, expect, it } from 'vitest';
import { parseAnswerSchema } from './answer-schema';

describe('parseAnswerSchema', () => {
  it('takes an object schema and names it by its title, or by its first properties', () => {
    const titled = parseAnswerSchema(
      '{"title":"Invoice","type":"object","properties":{"total":{"type":"number"}}}',
    );
    expect(titled.ok && titled.value.title).toBe('Invoice');
    const untitled = parseAnswerSchema(
      JSON.stringify({ type: 'object', properties: { a: {}, b: {}, c: {}, d: {} } }),
    );
    expect(untitled.ok && untitled.value.title).toBe('a, b, c, …');
    expect(untitled.ok && untitled.value.schema).toEqual({
      type: 'object',
      properties: { a: {}, b: {}, c: {}, d: {} },
    });
  });

  it('names a list schema as a list', () => {
    const list = parseAnswerSchema('{"type":"array","items":{"type":"string"}}');
    expect(list.ok && list.value.title).toBe('a list');
  });

  it('says what is wrong with text that is not a schema', () => {
    expect(parseAnswerSchema('{ nope')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^This is not JSON/),
    });
    expect(parseAnswerSchema('[1, 2]')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is an object/),
    });
    expect(parseAnswerSchema('{"description":"x"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/give it a "type"/),
    });
  });
});
