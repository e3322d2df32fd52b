/**
 * fast-check arbitraries for the bridge contract's inputs, generated from the schemas themselves: each call's zod
 * schema is turned into JSON Schema by zod (`z.toJSONSchema`, its documented export), and this walks that JSON
 * Schema. Three families:
 * - valid: values the schema accepts (strings can be drawn from a pool of ids that exist, so calls reach state);
 * - boundary: valid values at the edges (longest strings, fullest arrays, extreme numbers);
 * - hostile: a valid value with one part replaced by something the schema refuses or a transport can carry
 *   (wrong types, NaN and infinities, out-of-range and far-off numbers, one past the longest string, prototype
 *   keys, deep nesting, long arrays, many fields).
 */
import fc from 'fast-check';
import { z } from 'zod';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
};

/** The JSON Schema of a zod schema's input (what a caller may send). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

export type ArbitraryOptions = {
  /** Strings that name things that exist (ids, hashes, model refs): drawn for string fields now and then. */
  known?: readonly string[];
  /** Longest string generated for a field that allows more (generation time stays bounded). */
  maxGeneratedLength?: number;
  /** Boundary values: strings at their longest, arrays at their fullest, numbers at their limits. */
  boundary?: boolean;
};

const MAX_DEPTH = 6;

/** Values the schema accepts. */
export function validOf(root: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const cap = options.maxGeneratedLength ?? 2_000;
  const known = options.known ?? [];

  function resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    if (schema.$ref === '#') return root;
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    return root.$defs?.[name] ?? {};
  }

  function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? Math.max(min, 200);
    if (schema.pattern) {
      const pattern = fc.stringMatching(new RegExp(schema.pattern));
      const fitting = pattern.filter((s) => s.length >= min && s.length <= max);
      const pool = known.filter((s) => new RegExp(schema.pattern!).test(s) && s.length <= max);
      return pool.length > 0 ? fc.oneof(fitting, fc.constantFrom(...pool)) : fitting;
    }
    const limit = Math.min(max, cap);
    const plain = fc.string({ minLength: Math.min(min, limit), maxLength: limit, unit: 'grapheme' });
    const pool = known.filter((s) => s.length >= min && s.length <= max);
    const choices: fc.Arbitrary<string>[] = [plain];
    if (pool.length > 0) choices.push(fc.constantFrom(...pool), fc.constantFrom(...pool));
    if (options.boundary) {
      choices.push(fc.constant('x'.repeat(Math.min(max, cap * 50))));
      if (min > 0) choices.push(fc.constant('x'.repeat(min)));
    }
    return fc.oneof(...choices);
  }

  function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
    const lowest = integer ? Number.MIN_SAFE_INTEGER : -1e15;
    const highest = integer ? Number.MAX_SAFE_INTEGER : 1e15;
    let min = schema.minimum ?? lowest;
    let max = schema.maximum ?? highest;
    if (schema.exclusiveMinimum !== undefined) min = schema.exclusiveMinimum + (integer ? 1 : 1e-9);
    if (schema.exclusiveMaximum !== undefined) max = schema.exclusiveMaximum - (integer ? 1 : 1e-9);
    min = Math.max(min, lowest);
    max = Math.min(max, highest);
    const any = integer
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    const edges = [Math.ceil(min), Math.floor(max)].filter((n) => n >= min && n <= max);
    return options.boundary && edges.length > 0 ? fc.oneof(any, fc.constantFrom(...edges)) : any;
  }

  function of(input: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const schema = resolve(input);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union) return fc.oneof(...union.map((s) => of(s, depth)));
    if (schema.allOf && schema.allOf.length > 0)
      return of({ ...schema, allOf: undefined, ...schema.allOf[0] }, depth);
    const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (type.length > 1) return fc.oneof(...type.map((t) => of({ ...schema, type: t }, depth)));
    switch (type[0]) {
      case 'string':
        return stringOf(schema);
      case 'integer':
        return numberOf(schema, true);
      case 'number':
        return numberOf(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 5, options.boundary ? 50 : 5));
        return fc.array(depth > MAX_DEPTH ? fc.constant(null) : of(schema.items ?? {}, depth + 1), {
          minLength,
          maxLength,
        });
      }
      case 'object': {
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, value] of Object.entries(properties)) record[key] = of(value, depth + 1);
        const fixed = fc.record(record, {
          requiredKeys: Object.keys(properties).filter((k) => required.has(k)),
        });
        if (Object.keys(properties).length > 0 || schema.additionalProperties === false) return fixed;
        // A free record (a JSON schema for structured answers): a small JSON value.
        return depth > MAX_DEPTH
          ? fc.constant({})
          : fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  return of(root, 0);
}

/** Something a transport can carry that a schema should refuse (or hold within its limits). */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    8.64e15 + 1,
    -8.64e15 - 1,
    Number.MAX_VALUE,
    2 ** 53 + 2,
    '',
    ' ',
    '\u0000',
    '../../../../etc/passwd',
    '__proto__',
    'constructor',
    '<img src=x onerror=alert(1)>',
    'sk-ant-api03-hostile-secret-value-000000',
  ),
  fc.constant('y'.repeat(250_000)),
  fc.constant(Array.from({ length: 70_000 }, () => 0)),
  fc.constant(JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) as unknown),
  fc.constant(
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  ),
  fc.constant(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i]))),
  fc.anything({ maxDepth: 3 }),
);

/** A valid value with one part (or the whole) replaced by something hostile, or an extra field added. */
export function hostileOf(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const valid = validOf(schema, options);
  return fc.oneof(
    hostileLeaf,
    fc.tuple(valid, hostileLeaf, fc.nat()).map(([value, leaf, pick]) => replaceOne(value, leaf, pick)),
    fc
      .tuple(valid, fc.constantFrom('__proto__', 'constructor', 'extra', 'k'.repeat(300_000)), hostileLeaf)
      .map(([value, key, leaf]) => withOwnField(value, key, leaf)),
  );
}

/** An object with one more own field (`__proto__` included, as JSON.parse would make it); other values as they are. */
function withOwnField(value: unknown, key: string, field: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...value };
  Object.defineProperty(copy, key, { value: field, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** `value` with its `pick`-th node (depth first) replaced by `leaf`. */
function replaceOne(value: unknown, leaf: unknown, pick: number): unknown {
  const nodes: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        nodes.push({ parent: node, key: i });
        walk(child);
      });
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      nodes.push({ parent: node as Record<string, unknown>, key });
      walk(child);
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (nodes.length === 0) return leaf;
  const { parent, key } = nodes[pick % nodes.length]!;
  (parent as Record<string | number, unknown>)[key] = leaf;
  return copy;
}
