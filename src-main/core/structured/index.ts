/** Structured output: answers checked against a JSON schema, with one repair. */
export { compileSchema, type CheckResult, type CompiledSchema } from './schema';
export { extractJson, type JsonText } from './json-text';
export {
  repairPrompt,
  runStructured,
  type StructuredComplete,
  type StructuredRequest,
  type StructuredRun,
} from './repair';
