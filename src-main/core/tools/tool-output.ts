/**
 * What servers say is untrusted input. Their tool listings are bounded before anyone sees them (names checked,
 * descriptions and argument schemas cut to size, a bounded number of tools), and a tool's result reaches the
 * model as text only, cut to `RESULT_MAX_CHARS` with a note saying so: images, audio and binary resources are
 * named, not passed on. The window renders the same text inert (as text, never as HTML or Markdown).
 */
import type { McpTool } from '@contract/tools';
import { formatBytes } from '@contract/format';

/** The most characters of one tool result passed to the model (and shown in the conversation). */
export const RESULT_MAX_CHARS = 50_000;
export const DESCRIPTION_MAX_CHARS = 4_000;
export const SCHEMA_MAX_CHARS = 32_000;
export const TOOLS_PER_SERVER = 200;

const TOOL_NAME = /^[A-Za-z0-9_.\-/:]{1,128}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ListedTools = { tools: McpTool[]; skipped: string[] };

/** A server's tools as Modeldesk keeps them, and what was left out and why (for the server's log). */
export function boundTools(raw: readonly unknown[]): ListedTools {
  const tools: McpTool[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    if (!isObject(item) || typeof item.name !== 'string') {
      skipped.push('a tool without a name');
      continue;
    }
    const name = item.name;
    if (!TOOL_NAME.test(name)) {
      skipped.push(`a tool named “${name.slice(0, 40)}” (names use letters, digits and _ . - / : only)`);
      continue;
    }
    if (seen.has(name)) {
      skipped.push(`a second tool named ${name}`);
      continue;
    }
    if (tools.length >= TOOLS_PER_SERVER) {
      skipped.push(`${name} and the rest (at most ${TOOLS_PER_SERVER} tools per server)`);
      break;
    }
    const schema = isObject(item.inputSchema) ? item.inputSchema : { type: 'object' };
    if (JSON.stringify(schema).length > SCHEMA_MAX_CHARS) {
      skipped.push(
        `${name} (its argument schema is over ${SCHEMA_MAX_CHARS.toLocaleString('en')} characters)`,
      );
      continue;
    }
    seen.add(name);
    const tool: McpTool = { name, inputSchema: schema };
    if (typeof item.title === 'string' && item.title.trim()) tool.title = cut(item.title, 200);
    if (typeof item.description === 'string' && item.description.trim()) {
      tool.description = cut(item.description, DESCRIPTION_MAX_CHARS);
    }
    const hints = isObject(item.annotations) ? item.annotations : {};
    if (typeof hints.readOnlyHint === 'boolean') tool.readOnly = hints.readOnlyHint;
    if (typeof hints.destructiveHint === 'boolean') tool.destructive = hints.destructiveHint;
    tools.push(tool);
  }
  return { tools, skipped };
}

export type ToolOutput = {
  /** The text the model gets. */
  text: string;
  /** The tool said it failed (`isError`): the text is its explanation. */
  isError: boolean;
  /** The result was longer than RESULT_MAX_CHARS and was cut. */
  truncated: boolean;
  /** How long the text was before cutting. */
  fullChars: number;
  /** Parts not passed to the model (images, audio, binary resources), named. */
  omitted: string[];
};

function sizeOf(base64: unknown): string {
  const bytes = typeof base64 === 'string' ? Math.floor((base64.length * 3) / 4) : 0;
  return formatBytes(bytes);
}

/** A name, address or type a server gave, as one bounded line. */
function field(value: unknown, max = 200): string {
  if (value === undefined || value === null) return '';
  const text = String(value).slice(0, max + 1);
  return (text.length > max ? `${text.slice(0, max - 1)}…` : text).trim();
}

const MAX_OMITTED = 20;

/** What was left out of a result: at most MAX_OMITTED labels, then how many more. */
function noteOmitted(omitted: string[], label: string): void {
  if (omitted.length < MAX_OMITTED) omitted.push(label);
  else if (omitted.length === MAX_OMITTED) omitted.push('and more');
}

function blockText(block: unknown, omitted: string[]): string | null {
  if (!isObject(block)) return null;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : null;
    case 'image':
    case 'audio': {
      const label = `${block.type} (${field(block.mimeType) || 'unknown type'}, ${sizeOf(block.data)})`;
      noteOmitted(omitted, label);
      return `[The tool returned an ${label}; Modeldesk passes only text to the model.]`;
    }
    case 'resource_link':
      return `[Resource link: ${[field(block.name), field(block.uri)].filter(Boolean).join(' ')}]`;
    case 'resource': {
      const resource = isObject(block.resource) ? block.resource : {};
      if (typeof resource.text === 'string') return `[Resource ${field(resource.uri)}]\n${resource.text}`;
      const label = `resource ${field(resource.uri)} (${field(resource.mimeType) || 'binary'}, ${sizeOf(resource.blob)})`;
      noteOmitted(omitted, label);
      return `[The tool returned a binary ${label}; Modeldesk passes only text to the model.]`;
    }
    default:
      noteOmitted(omitted, `content of type ${String(block.type).slice(0, 40)}`);
      return `[The tool returned content of an unsupported type (${String(block.type).slice(0, 40)}).]`;
  }
}

/** A call's result (already checked as an MCP CallToolResult by the SDK) as text for the model, bounded. */
export function toolOutputOf(result: unknown, max = RESULT_MAX_CHARS): ToolOutput {
  const value = isObject(result) ? result : {};
  const omitted: string[] = [];
  const parts = (Array.isArray(value.content) ? value.content : [])
    .map((block) => blockText(block, omitted))
    .filter((t): t is string => t !== null);
  let full = parts.join('\n');
  if (full.trim() === '' && value.structuredContent !== undefined)
    full = JSON.stringify(value.structuredContent);
  // Older servers answer with `toolResult` instead of `content`.
  if (full.trim() === '' && value.toolResult !== undefined) full = JSON.stringify(value.toolResult);
  if (full.trim() === '') full = '(The tool returned no text.)';
  const truncated = full.length > max;
  const text = truncated
    ? `${full.slice(0, max)}\n\n[Modeldesk cut this result: the tool returned ${full.length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')} are passed on.]`
    : full;
  return { text, isError: value.isError === true, truncated, fullChars: full.length, omitted };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
