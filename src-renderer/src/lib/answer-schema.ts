/**
 * The JSON schema a user asks answers to follow: what they pasted, checked enough to say what is wrong before
 * sending (main compiles it and validates every answer against it).
 */
export type AnswerSchema = { text: string; schema: Record<string, unknown>; title: string };

export function parseAnswerSchema(
  text: string,
): { ok: true; value: AnswerSchema } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `This is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      error: 'A JSON schema is an object, such as { "type": "object", "properties": { … } }.',
    };
  }
  const schema = parsed as Record<string, unknown>;
  if (!('type' in schema) && !('properties' in schema) && !('$ref' in schema) && !('anyOf' in schema)) {
    return {
      ok: false,
      error:
        'This object says nothing about the answer’s shape: give it a "type" (and "properties" for an object).',
    };
  }
  const title =
    typeof schema.title === 'string' && schema.title.trim() ? schema.title.trim() : describeShape(schema);
  return { ok: true, value: { text, schema, title } };
}

function describeShape(schema: Record<string, unknown>): string {
  if (schema.type === 'array') return 'a list';
  const properties = schema.properties;
  if (typeof properties === 'object' && properties !== null) {
    const names = Object.keys(properties);
    const shown = names.slice(0, 3).join(', ');
    return names.length > 3 ? `${shown}, …` : shown || 'an object';
  }
  return typeof schema.type === 'string' ? `a ${schema.type}` : 'the schema';
}
