/**
 * Imports the `mcpServers` block that the desktop apps share (Claude Desktop's claude_desktop_config.json, Cursor's
 * mcp.json; VS Code's `servers` too):
 *
 *   { "mcpServers": { "files": { "command": "npx", "args": [...], "env": { "TOKEN": "..." } },
 *                     "remote": { "url": "https://.../mcp", "type": "http", "headers": { ... } } } }
 *
 * The preview says, per server, what would run (the command line or address), which values go to the vault
 * (names that look secret: key, token, secret, password, auth...; values that look like keys) and which stay in
 * settings, whether a server of that id exists, and what is wrong; secret values never come back in it.
 * Importing takes the chosen servers only; nothing is imported from a file with problems of its own.
 */
import {
  McpServerSettingsSchema,
  type McpSecretValues,
  type McpImportEntry,
  type McpImportPreview,
  type McpServerSettings,
} from '@contract/tools';

const MAX_SERVERS = 100;
const SECRET_NAME = /(key|token|secret|passw|pwd|auth|credential|cookie|session|private|bearer|signature)/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type ImportCandidate = {
  entry: McpImportEntry;
  /** Present when the entry can be imported. */
  server?: McpServerSettings;
  secrets?: McpSecretValues;
};

export type ParsedImport = { candidates: ImportCandidate[]; problems: McpImportPreview['problems'] };

/** A server id from a name: lowercase letters, digits and dashes. */
export function serverIdOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'server'
  );
}

function looksSecret(name: string, value: string, redact: (text: string) => string): boolean {
  return SECRET_NAME.test(name) || redact(value) !== value;
}

/**
 * Where a command line carries what looks like a secret: a value after a flag named like one (`--api-key X`,
 * `--token=X`), or an argument that looks like a key itself. Named by flag (redacted too) or position (`labels`),
 * never by value;
 * `masked` is the command line with those values replaced, to show.
 */
function secretArguments(
  args: readonly string[],
  redact: (text: string) => string,
): { labels: string[]; masked: string[] } {
  const labels: string[] = [];
  const masked = args.map((arg, i) => {
    const flag = /^(--?[\w.-]+)=(.+)$/s.exec(arg);
    const previous = args[i - 1];
    if (flag && (SECRET_NAME.test(flag[1]!) || redact(flag[2]!) !== flag[2])) {
      labels.push(redact(flag[1]!));
      return `${flag[1]}=••••`;
    }
    if (
      previous?.startsWith('-') &&
      !previous.includes('=') &&
      SECRET_NAME.test(previous) &&
      !arg.startsWith('-')
    ) {
      labels.push(redact(previous));
      return '••••';
    }
    if (redact(arg) !== arg) {
      labels.push(`argument ${i + 1}`);
      return '••••';
    }
    return arg;
  });
  return { labels: [...new Set(labels)].slice(0, 5), masked };
}

function stringRecord(value: unknown, path: string, problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    problems.push(`${path} is not an object of names and values.`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else problems.push(`${path}.${k} is not text.`);
  }
  return out;
}

/** Reads the file; never throws: every problem is reported with its place. */
export function parseMcpImport(
  content: string,
  context: { existingIds: ReadonlySet<string>; redact: (text: string) => string },
): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return {
      candidates: [],
      problems: [
        {
          path: '(file)',
          // Only where it broke: V8's message quotes the text around it, which may be a pasted secret.
          message: `This is not JSON${positionOf(error)}. Paste the whole file, braces included.`,
        },
      ],
    };
  }
  const block = isObject(data)
    ? isObject(data.mcpServers)
      ? { key: 'mcpServers', value: data.mcpServers }
      : isObject(data.servers)
        ? { key: 'servers', value: data.servers }
        : null
    : null;
  if (!block) {
    return {
      candidates: [],
      problems: [
        {
          path: '(file)',
          message:
            'There is no "mcpServers" object in it. Modeldesk reads the block the desktop apps share: { "mcpServers": { "name": { "command": ... } } }.',
        },
      ],
    };
  }
  const names = Object.keys(block.value);
  const problems: McpImportPreview['problems'] = [];
  if (names.length > MAX_SERVERS) {
    problems.push({
      path: block.key,
      message: `It holds ${names.length} servers; Modeldesk imports at most ${MAX_SERVERS} at a time.`,
    });
    return { candidates: [], problems };
  }
  const taken = new Set<string>();
  const candidates = names.map((key) => {
    let id = serverIdOf(key);
    for (let n = 2; taken.has(id); n++) id = `${serverIdOf(key).slice(0, 44)}-${n}`;
    taken.add(id);
    return candidate(key, id, block.value[key], `${block.key}.${key}`, context);
  });
  return { candidates, problems };
}

function candidate(
  key: string,
  id: string,
  raw: unknown,
  path: string,
  context: { existingIds: ReadonlySet<string>; redact: (text: string) => string },
): ImportCandidate {
  const issues: string[] = [];
  const entry: McpImportEntry = {
    key,
    id,
    name: key.slice(0, 100),
    kind: 'stdio',
    summary: '',
    secretNames: [],
    plainNames: [],
    exists: context.existingIds.has(id),
    problems: issues,
    warnings: [],
  };
  if (!isObject(raw)) {
    issues.push(`${path} is not an object.`);
    return { entry };
  }
  const type = typeof raw.type === 'string' ? raw.type.toLowerCase() : undefined;
  const isHttp =
    typeof raw.url === 'string' || type === 'http' || type === 'streamable-http' || type === 'sse';
  const secretValues: Record<string, string> = {};
  const plain: Record<string, string> = {};
  const split = (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) {
      if (looksSecret(name, value, context.redact)) secretValues[name] = value;
      else plain[name] = value;
    }
  };
  let transport: unknown;
  if (isHttp) {
    entry.kind = 'http';
    if (type === 'sse') {
      issues.push(
        'It uses the older HTTP+SSE transport, which Modeldesk does not speak; use the server’s Streamable HTTP address (usually ending in /mcp).',
      );
    }
    if (typeof raw.url !== 'string') issues.push(`${path}.url is missing.`);
    split(stringRecord(raw.headers, `${path}.headers`, issues));
    entry.summary = typeof raw.url === 'string' ? context.redact(raw.url) : '';
    transport = {
      kind: 'http',
      url: raw.url,
      headers: plain,
      secretHeaders: Object.keys(secretValues),
    };
  } else {
    if (typeof raw.command !== 'string' || raw.command.trim() === '')
      issues.push(`${path}.command is missing.`);
    const args = raw.args === undefined ? [] : raw.args;
    if (!Array.isArray(args) || args.some((a) => typeof a !== 'string' && typeof a !== 'number')) {
      issues.push(`${path}.args is not a list of texts.`);
    }
    const argList = Array.isArray(args) ? args.map(String) : [];
    const onCommandLine = secretArguments(argList, context.redact);
    if (onCommandLine.labels.length > 0) {
      entry.warnings.push(
        `Its command line carries what looks like a secret (${onCommandLine.labels.join(', ')}): arguments are kept in ` +
          'settings in plain text. If the server can read it from an environment variable, move it to "env", ' +
          'whose secrets go to the vault.',
      );
    }
    split(stringRecord(raw.env, `${path}.env`, issues));
    entry.summary = context.redact(
      [String(raw.command ?? ''), ...onCommandLine.masked]
        .map((p) => (/\s/.test(p) ? JSON.stringify(p) : p))
        .join(' '),
    );
    transport = {
      kind: 'stdio',
      command: raw.command,
      args: argList,
      ...(typeof raw.cwd === 'string' && raw.cwd ? { cwd: raw.cwd } : {}),
      env: plain,
      secretEnv: Object.keys(secretValues),
    };
  }
  for (const [name, value] of Object.entries(secretValues)) {
    if (value.length > 8192) issues.push(`${path}: the value of ${name} is over 8,192 characters.`);
  }
  entry.secretNames = Object.keys(secretValues);
  entry.plainNames = Object.keys(plain);
  if (issues.length > 0) return { entry };
  const parsed = McpServerSettingsSchema.safeParse({
    id,
    name: entry.name,
    transport,
    enabled: raw.disabled !== true,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 5)) {
      const where = issue.path.filter((p) => p !== 'transport').join('.');
      issues.push(`${path}${where ? `.${where}` : ''}: ${issue.message}`);
    }
    return { entry };
  }
  const secrets: McpSecretValues = entry.kind === 'http' ? { headers: secretValues } : { env: secretValues };
  return { entry, server: parsed.data, secrets };
}

/** " (at position N)" from a JSON.parse error, or nothing: never the text around it. */
function positionOf(error: unknown): string {
  const found = /position (\d{1,9})/.exec(error instanceof Error ? error.message.slice(0, 200) : '');
  return found ? ` (at position ${found[1]})` : '';
}
