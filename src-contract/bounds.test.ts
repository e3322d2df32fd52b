/**
 * Every input the bridge accepts is bounded by the contract itself: each string has a longest length, each
 * array a largest size, each number a range (times within what a Date can hold). A schema added without bounds
 * fails here, naming the call and the path. Free-form JSON (a structured answer's JSON Schema) is bounded by the
 * router's input budget instead (depth, values and characters), which every call passes first.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CALL_NAMES, calls } from './bridge';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
  $defs?: Record<string, Schema>;
};

/** Instants: `from`, `to`, `…At`, `…Until`, `ts` must be within what a Date can hold. */
const TIME_FIELD = /\.(from|to|ts|\w*At|\w*Until)$/;
const MAX_TIME = 8.64e15;

/** Where a schema leaves a value unbounded: `path: what is missing`. */
function unbounded(schema: Schema, path: string, root: Schema, seen: Set<Schema>): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) {
    const target = schema.$ref === '#' ? root : root.$defs?.[schema.$ref.replace('#/$defs/', '')];
    return target ? unbounded(target, path, root, seen) : [`${path}: unresolved ${schema.$ref}`];
  }
  if (schema.const !== undefined || schema.enum !== undefined) return [];
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.flatMap((s) => unbounded(s, path, root, seen));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return [];
  const problems: string[] = [];
  for (const type of types) {
    if (type === 'string' && schema.maxLength === undefined && schema.pattern === undefined) {
      problems.push(`${path}: a string without maxLength`);
    }
    if (type === 'string' && schema.pattern !== undefined && schema.maxLength === undefined) {
      problems.push(`${path}: a pattern without maxLength`);
    }
    if (type === 'number' || type === 'integer') {
      const low = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined;
      const high = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
      const limit = TIME_FIELD.test(path) ? MAX_TIME : Number.MAX_SAFE_INTEGER;
      if (low === undefined || high === undefined) problems.push(`${path}: a number without a range`);
      else if (Math.max(Math.abs(low), Math.abs(high)) > limit) {
        problems.push(
          `${path}: a range beyond ${limit === MAX_TIME ? 'what a Date can hold' : 'safe integers'}`,
        );
      }
    }
    if (type === 'array') {
      if (schema.maxItems === undefined) problems.push(`${path}: an array without maxItems`);
      if (schema.items) problems.push(...unbounded(schema.items, `${path}[]`, root, seen));
    }
    if (type === 'object') {
      for (const [key, value] of Object.entries(schema.properties ?? {})) {
        problems.push(...unbounded(value, `${path}.${key}`, root, seen));
      }
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && Object.keys(extra).length > 0) {
        problems.push(...unbounded(extra, `${path}.*`, root, seen));
      }
    }
  }
  return problems;
}

describe('the contract bounds every input (issue 14)', () => {
  it.each(CALL_NAMES.map((name) => [name]))('%s', (name) => {
    const schema = z.toJSONSchema(calls[name].input, { io: 'input', unrepresentable: 'any' }) as Schema;
    expect(unbounded(schema, 'input', schema, new Set())).toEqual([]);
  });

  it('refuses a value past its bound with an error that says the maximum', () => {
    const refusal = (name: (typeof CALL_NAMES)[number], input: unknown) => {
      const result = calls[name].input.safeParse(input);
      expect(result.success).toBe(false);
      return result.error?.issues.map((i) => i.message).join(' ') ?? '';
    };
    expect(refusal('costs.dashboard', { from: -1e16, to: 0, bucket: 'day' })).toMatch(/8\.64e15/);
    expect(refusal('budgets.update', { budgets: { overrideUntil: 9e15 } })).toMatch(/8\.64e15/);
    expect(refusal('settings.update', { patch: { cache: { ttlHours: 1e9 } } })).toMatch(/87,600/);
    expect(
      refusal('chat.send', { conversationId: 'c', text: 'hi', target: { model: `a:${'b'.repeat(400)}` } }),
    ).toMatch(/300/);
    expect(
      refusal('models.setPriceOverride', { id: 'openai:gpt-4.1', prices: { inputPerM: 1e7, outputPerM: 1 } }),
    ).toMatch(/1,000,000/);
    expect(
      refusal('providers.importEnvKeys', { providers: Array.from({ length: 101 }, () => 'openai') }),
    ).toMatch(/100/);
  });
});
