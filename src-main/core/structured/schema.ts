/**
 * A JSON schema compiled once (ajv, with ajv-formats) and used to check answers. The schema's own `$schema`
 * picks the dialect: draft-07, 2019-09 or 2020-12 (the default). Ajv's strict mode is on for the schema itself,
 * so a misspelt keyword or an unknown format is refused with a clear message instead of silently checking less.
 */
// Default imports with file extensions: the main build keeps dependencies external, and Node's ESM loader needs
// the full path of a CommonJS package's inner module (ajv has no `exports` map).
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ServiceError } from '../errors/service-error';
import { extractJson } from './json-text';
import { describeProblems } from './problems';

export type CheckResult = { ok: true; value: unknown } | { ok: false; problems: string };

export type CompiledSchema = {
  schema: Record<string, unknown>;
  /** The answer's JSON (even inside a ```json fence), checked against the schema. */
  check(text: string): CheckResult;
};

const OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strictSchema: true,
  strictNumbers: true,
  // Common, valid schemas (`properties` without `type: object`, `required` naming no property) stay accepted.
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  logger: false,
};

const FIX_ACTION = 'Correct the schema and send again.';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validatorFor(dialect: unknown): Ajv {
  if (dialect === undefined || (typeof dialect === 'string' && dialect.includes('2020-12'))) {
    return new Ajv2020(OPTIONS);
  }
  if (typeof dialect === 'string' && dialect.includes('2019-09')) return new Ajv2019(OPTIONS);
  if (typeof dialect === 'string' && dialect.includes('draft-07')) return new Ajv(OPTIONS);
  throw ServiceError.of(
    'bad_request',
    `The JSON schema declares "$schema": ${JSON.stringify(dialect)}, a dialect Modeldesk does not check.`,
    'Write it in JSON Schema 2020-12, 2019-09 or draft-07 (or leave "$schema" out for 2020-12).',
  );
}

/** Ajv's compile error in words that say what to change. */
function schemaProblem(error: Error): string {
  const message = error.message;
  const keyword = /unknown keyword: "([^"]+)"/.exec(message);
  if (keyword) return `it uses "${keyword[1]}", which is not a JSON Schema keyword (check its spelling)`;
  const format = /unknown format "([^"]+)"/.exec(message);
  if (format) return `it uses the format "${format[1]}", which Modeldesk does not know`;
  const ref = /can't resolve reference (\S+)/.exec(message);
  if (ref) return `its reference ${ref[1]} leads nowhere (only references inside the schema are followed)`;
  return message;
}

export function compileSchema(schema: Record<string, unknown>): CompiledSchema {
  if (!isObject(schema)) {
    throw ServiceError.of('bad_request', 'The JSON schema must be an object.', FIX_ACTION);
  }
  const ajv = validatorFor(schema.$schema);
  addFormats(ajv);
  if (!ajv.validateSchema(schema)) {
    const [first = ''] = describeProblems(ajv.errors ?? []).split('\n');
    throw ServiceError.of(
      'bad_request',
      `This JSON schema cannot be used: it is not a valid schema: ${first}.`,
      FIX_ACTION,
    );
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw ServiceError.of(
      'bad_request',
      `This JSON schema cannot be used: ${schemaProblem(error as Error)}.`,
      FIX_ACTION,
    );
  }
  return {
    schema,
    check(text: string): CheckResult {
      const json = extractJson(text);
      if (!json.ok) return { ok: false, problems: `(root): ${json.reason}` };
      if (validate(json.value)) return { ok: true, value: json.value };
      return { ok: false, problems: describeProblems(validate.errors ?? []) };
    },
  };
}
