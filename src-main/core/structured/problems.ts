/**
 * Ajv's validation errors as a short list a person (and the model, in a repair) can act on, one problem a line:
 * `/price: must be number, not string`, `/items/0/name: is required`. Values from the answer are never quoted
 * (only their JSON type), and names from it are cut short: the answer is untrusted and may be huge.
 */
import type { ErrorObject } from 'ajv';

/** Problems listed before "and N more". */
export const MAX_PROBLEMS = 12;
const MAX_NAME = 60;

const short = (name: string): string => (name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name);
const at = (path: string, name?: string): string =>
  name === undefined ? path || '(root)' : `${path}/${short(name.replace(/~/g, '~0').replace(/\//g, '~1'))}`;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function listed(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function describe(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at(error.instancePath, String(params.missingProperty))}: is required`;
    case 'additionalProperties':
      return `${at(error.instancePath, String(params.additionalProperty))}: is not allowed by the schema`;
    case 'unevaluatedProperties':
      return `${at(error.instancePath, String(params.unevaluatedProperty))}: is not allowed by the schema`;
    case 'type':
      return `${at(error.instancePath)}: must be ${String(params.type).replace(/,/g, ' or ')}, not ${jsonType(error.data)}`;
    case 'enum':
      return `${at(error.instancePath)}: must be one of ${listed((params.allowedValues as unknown[]) ?? [])}`;
    case 'const':
      return `${at(error.instancePath)}: must be ${JSON.stringify(params.allowedValue)}`;
    // "must match "then" schema": the errors of `then` itself say what is wrong.
    case 'if':
      return undefined;
    default:
      return `${at(error.instancePath)}: ${error.message ?? `fails "${error.keyword}"`}`;
  }
}

export function describeProblems(errors: readonly ErrorObject[]): string {
  const lines = [...new Set(errors.map(describe).filter((line): line is string => line !== undefined))];
  const shown = lines.slice(0, MAX_PROBLEMS);
  if (lines.length > shown.length) shown.push(`…and ${lines.length - shown.length} more problems`);
  return shown.join('\n');
}
