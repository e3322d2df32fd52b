/**
 * Problems of a configuration file as people read them: where (a JSON path such as `profiles[2].fallback[0]`)
 * and what is wrong, with what to do about it. From zod's issues, from fields the file has that Modeldesk does
 * not know (a misspelt field would otherwise be dropped without a word), and from the cross-checks.
 */
import { z } from 'zod';

export type ConfigProblem = { path: string; message: string };
type Path = ReadonlyArray<PropertyKey>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `profiles[2].fallback[0]`, `priceOverrides["openai:gpt-4.1"].inputPerM`; the whole file is `(file)`. */
export function pathText(path: Path): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string' && IDENTIFIER.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text || '(file)';
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'text (in quotes)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list ([...])',
  object: 'an object ({...})',
  record: 'an object ({...})',
};

function limit(
  issue: { origin: string; inclusive?: boolean },
  bound: number | bigint,
  above: boolean,
): string {
  const n = Number(bound);
  switch (issue.origin) {
    case 'string':
      return above
        ? `must be at most ${n} characters long`
        : n <= 1
          ? 'must not be empty'
          : `must be at least ${n} characters long`;
    case 'array':
      return above ? `must have at most ${n} entries` : `must have at least ${n} entries`;
    default:
      if (above) return issue.inclusive === false ? `must be below ${n}` : `must be at most ${n}`;
      return issue.inclusive === false ? `must be above ${n}` : `must be at least ${n}`;
  }
}

/** One zod issue in words: what is wrong, then what to do. */
function explain(issue: z.core.$ZodIssue, data: unknown): string {
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `is missing. Add it: ${EXPECTED[issue.expected] ?? issue.expected}.`;
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(value)}. Change the value.`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value) ?? 'missing'}. Use ${issue.values.length === 1 ? 'that value' : 'one of these values'}.`;
    case 'too_small':
      return `${limit(issue, issue.minimum, false)}. Change the value.`;
    case 'too_big':
      return `${limit(issue, issue.maximum, true)}. Change the value.`;
    case 'invalid_format':
      if (issue.format === 'url')
        return 'must be a full URL, such as https://api.example.com/v1. Correct it.';
      return issue.message.startsWith('Invalid')
        ? `is not in the expected form (${issue.format}). Correct it.`
        : `${issue.message.replace(/\.?$/, '.')} Correct it.`;
    case 'invalid_key':
      return `is not a valid name here: ${issue.issues.map((i) => i.message).join('; ')}. Rename it.`;
    default:
      return `${issue.message.replace(/\.?$/, '.')} Correct it.`;
  }
}

/** zod's issues for `data`, which it parsed. */
export function zodProblems(error: z.ZodError, data: unknown): ConfigProblem[] {
  return error.issues.map((issue) => ({ path: pathText(issue.path), message: explain(issue, data) }));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields of `value` that `schema` does not know, at any depth. */
export function unknownFields(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): ConfigProblem[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unknownFields(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodObject && isObject(value)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.entries(value).flatMap(([key, field]) => {
      const known = shape[key];
      if (known) return unknownFields(known, field, [...path, key]);
      return [
        {
          path: pathText([...path, key]),
          message: `is not a field Modeldesk knows here. Check its spelling, or remove it.`,
        },
      ];
    });
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, i) => unknownFields(schema.element as z.ZodType, item, [...path, i]));
  }
  if (schema instanceof z.ZodRecord && isObject(value)) {
    return Object.entries(value).flatMap(([key, item]) =>
      unknownFields(schema.valueType as z.ZodType, item, [...path, key]),
    );
  }
  return [];
}

const PART = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][A-Za-z0-9_$]*)/y;

/** The parts of a path `pathText` wrote. */
function partsOf(text: string): PropertyKey[] {
  const parts: PropertyKey[] = [];
  PART.lastIndex = 0;
  for (let match = PART.exec(text); match; match = PART.exec(text)) {
    if (match[1] !== undefined) parts.push(Number(match[1]));
    else if (match[2] !== undefined) parts.push(JSON.parse(match[2]) as string);
    else if (match[3] !== undefined) parts.push(match[3]);
  }
  return parts;
}

/** Where a path is in the file: at each level, the index of its key (or item) there. */
function placeOf(data: unknown, path: string): number[] {
  const place: number[] = [];
  let value = data;
  for (const part of partsOf(path)) {
    if (Array.isArray(value) && typeof part === 'number') place.push(part);
    else if (isObject(value)) {
      const index = Object.keys(value).indexOf(String(part));
      place.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
    } else place.push(Number.MAX_SAFE_INTEGER);
    value =
      isObject(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  }
  return place;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The problems in the order of the file, top to bottom, as someone fixing it would go. */
export function inFileOrder(problems: readonly ConfigProblem[], data: unknown): ConfigProblem[] {
  const placed = problems.map((problem) => ({ problem, place: placeOf(data, problem.path) }));
  return placed.sort((a, b) => compare(a.place, b.place)).map((p) => p.problem);
}
