import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '@contract/usage';
import { compileSchema } from './schema';
import { extractJson } from './json-text';

const product = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    price: { type: 'number', minimum: 0 },
    currency: { enum: ['EUR', 'USD'] },
    tags: { type: 'array', items: { type: 'string' } },
    email: { type: 'string', format: 'email' },
  },
  required: ['name', 'price'],
  additionalProperties: false,
};

function infoOf(action: () => unknown): ErrorInfo {
  try {
    action();
  } catch (error) {
    return (error as { toInfo(): ErrorInfo }).toInfo();
  }
  throw new Error('It did not throw.');
}

describe('extractJson', () => {
  it.each([
    ['the whole answer', '{"a": 1}'],
    ['with spaces around', '  \n {"a": 1}\n'],
    ['in a ```json fence', 'Here it is:\n```json\n{"a": 1}\n```\nAnything else?'],
    ['in a bare fence', '```\n{"a": 1}\n```'],
    ['in a JSON fence with an info string', '```JSON title="x"\n{"a": 1}\n```'],
    ['inside a sentence', 'The result is {"a": 1} as requested.'],
  ])('finds the JSON %s', (_, text) => {
    expect(extractJson(text)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('takes the first fenced block that parses, skipping code in other languages', () => {
    const text = '```python\nprint({"a": 2})\n```\n```json\n{oops}\n```\n```json\n[1, 2]\n```';
    expect(extractJson(text)).toEqual({ ok: true, value: [1, 2] });
  });

  it('says why an answer is not JSON', () => {
    expect(extractJson('')).toEqual({ ok: false, reason: 'The answer is empty.' });
    const broken = extractJson('```json\n{"a": 1,}\n```');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.reason).toMatch(/^The answer is not valid JSON: .*JSON/);
    expect(extractJson('No JSON here.').ok).toBe(false);
  });
});

describe('compileSchema and check', () => {
  it('accepts a valid answer and returns the parsed value', () => {
    const compiled = compileSchema(product);
    expect(compiled.schema).toBe(product);
    expect(compiled.check('```json\n{"name": "Tea", "price": 3.5, "tags": ["green"]}\n```')).toEqual({
      ok: true,
      value: { name: 'Tea', price: 3.5, tags: ['green'] },
    });
  });

  it('lists every problem, one a line, with its path', () => {
    const answer = JSON.stringify({
      price: '12',
      currency: 'GBP',
      tags: ['ok', 7],
      email: 'not-an-email',
      colour: 'red',
    });
    const result = compileSchema(product).check(answer);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.split('\n').sort()).toEqual(
      [
        '/name: is required',
        '/price: must be number, not string',
        '/currency: must be one of "EUR", "USD"',
        '/tags/1: must be string, not integer',
        '/email: must match format "email"',
        '/colour: is not allowed by the schema',
      ].sort(),
    );
  });

  it('names the root, and says when the answer is not JSON at all', () => {
    const compiled = compileSchema(product);
    expect(compiled.check('[1]')).toEqual({ ok: false, problems: '(root): must be object, not array' });
    const prose = compiled.check('I cannot do that.');
    expect(!prose.ok && prose.problems).toMatch(/^\(root\): The answer is not valid JSON/);
  });

  it('keeps the list short and never quotes the answer’s values', () => {
    const schema = { type: 'object', additionalProperties: { type: 'number' } };
    const answer = JSON.stringify(
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'SECRET-VALUE'])),
    );
    const result = compileSchema(schema).check(answer);
    const lines = !result.ok ? result.problems.split('\n') : [];
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toBe('…and 8 more problems');
    expect(lines.join('\n')).not.toContain('SECRET-VALUE');
  });

  it('cuts a huge property name short', () => {
    const long = 'x'.repeat(500);
    const result = compileSchema({ type: 'object', additionalProperties: false }).check(`{"${long}": 1}`);
    expect(!result.ok && result.problems).toBe(`/${'x'.repeat(60)}…: is not allowed by the schema`);
  });

  it('reports the branch that failed in if/then, not the if', () => {
    const schema = {
      type: 'object',
      if: { properties: { kind: { const: 'book' } } },
      then: { required: ['isbn'] },
    };
    expect(compileSchema(schema).check('{"kind": "book"}')).toEqual({
      ok: false,
      problems: '/isbn: is required',
    });
  });

  it.each([
    [
      '2020-12 (the default)',
      {},
      { type: 'array', prefixItems: [{ type: 'string' }], items: false },
      '["a", 1]',
    ],
    [
      '2019-09',
      { $schema: 'https://json-schema.org/draft/2019-09/schema' },
      { type: 'object', unevaluatedProperties: false, properties: { a: {} } },
      '{"a": 1, "b": 2}',
    ],
    [
      'draft-07',
      { $schema: 'http://json-schema.org/draft-07/schema#' },
      { type: 'array', items: [{ type: 'string' }], additionalItems: false },
      '["a", 1]',
    ],
  ])('checks schemas in %s', (_, dialect, body, invalid) => {
    const compiled = compileSchema({ ...dialect, ...body });
    expect(compiled.check(invalid).ok).toBe(false);
  });

  it.each([
    [
      { type: 'object', requird: ['a'] },
      'it uses "requird", which is not a JSON Schema keyword (check its spelling)',
    ],
    [{ type: 'string', format: 'colour' }, 'it uses the format "colour", which Modeldesk does not know'],
    [
      { $ref: 'https://example.com/schema.json' },
      'its reference https://example.com/schema.json leads nowhere',
    ],
    [
      { type: 'strin' },
      'it is not a valid schema: /type: must be one of "array", "boolean", "integer", "null", "number", "object", "string".',
    ],
    [
      { properties: { a: { minimum: 'x' } } },
      'it is not a valid schema: /properties/a/minimum: must be number, not string.',
    ],
  ])('refuses a schema it cannot use, saying what to change (%j)', (schema, message) => {
    const info = infoOf(() => compileSchema(schema));
    expect(info).toMatchObject({ kind: 'bad_request', action: 'Correct the schema and send again.' });
    expect(info.message).toContain(`This JSON schema cannot be used: ${message}`);
  });

  it('refuses a dialect it does not check', () => {
    const info = infoOf(() => compileSchema({ $schema: 'http://json-schema.org/draft-04/schema#' }));
    expect(info).toMatchObject({ kind: 'bad_request', message: expect.stringContaining('draft-04') });
    expect(info.action).toContain('2020-12');
  });

  it('refuses a schema that is not an object', () => {
    expect(infoOf(() => compileSchema([] as never)).message).toBe('The JSON schema must be an object.');
  });

  it('compiles the same $id twice (each schema has its own validator)', () => {
    const schema = { $id: 'https://modeldesk.local/item', type: 'string' };
    expect(compileSchema(schema).check('"a"').ok).toBe(true);
    expect(compileSchema(schema).check('"b"').ok).toBe(true);
  });
});
