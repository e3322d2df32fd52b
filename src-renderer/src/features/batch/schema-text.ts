/**
 * The JSON schema a user typed for structured answers, checked as JSON before it goes to main (which checks that
 * it is a usable JSON schema): the schema as an object, or what is wrong with the text.
 */
export function parseSchema(text: string): { schema: Record<string, unknown> } | { problem: string } {
  if (!text.trim()) return { problem: 'Paste a JSON schema, or turn structured answers off.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'A JSON schema is an object, for example {"type": "object", "properties": {…}}.' };
  }
  return { schema: value as Record<string, unknown> };
}
