/**
 * The tool server editor's values and their check: a server for `mcp.upsert` with its secret values (sent once,
 * like API keys), or a message per field saying what to fix. Environment values and headers are secret unless
 * the user says otherwise: a secret goes to the vault, and the editor shows only its last four characters.
 */
import type { McpSecretValues, McpServerSettings, McpServerView } from '@contract/tools';
import type { FormErrors } from './custom-model-form';
import { slugOf } from './profile-form';

export type ValueRow = {
  /** React's key for the row. */
  key: string;
  name: string;
  /** For a secret kept in the vault: empty keeps it. */
  value: string;
  secret: boolean;
  /** The vault holds a value for this name (its last four characters; null: declared but missing). */
  saved?: { last4: string | null };
};

export type McpServerForm = {
  id: string;
  name: string;
  kind: 'stdio' | 'http';
  command: string;
  /** One argument per line (arguments may hold spaces). */
  args: string;
  cwd: string;
  env: ValueRow[];
  url: string;
  headers: ValueRow[];
  enabled: boolean;
  trusted: boolean;
  startTimeoutSeconds: string;
  callTimeoutSeconds: string;
  idleMinutes: string;
  disabledTools: string[];
  approvedTools: string[];
};

type FormKey = keyof McpServerForm | 'rows';

export const EMPTY_SERVER_FORM: McpServerForm = {
  id: '',
  name: '',
  kind: 'stdio',
  command: '',
  args: '',
  cwd: '',
  env: [],
  url: '',
  headers: [],
  enabled: true,
  trusted: false,
  startTimeoutSeconds: '30',
  callTimeoutSeconds: '60',
  idleMinutes: '10',
  disabledTools: [],
  approvedTools: [],
};

let rowCount = 0;
export function newRow(partial: Partial<ValueRow> = {}): ValueRow {
  rowCount += 1;
  return { key: `row-${rowCount}`, name: '', value: '', secret: true, ...partial };
}

export function formFromServer(view: McpServerView): McpServerForm {
  const saved = (where: 'env' | 'header', name: string) =>
    view.secrets.find((s) => s.where === where && s.name === name)?.last4 ?? null;
  const base = {
    ...EMPTY_SERVER_FORM,
    id: view.id,
    name: view.name,
    enabled: view.enabled,
    trusted: view.trusted,
    startTimeoutSeconds: String(view.startTimeoutSeconds),
    callTimeoutSeconds: String(view.callTimeoutSeconds),
    idleMinutes: String(view.idleMinutes),
    disabledTools: [...view.disabledTools],
    approvedTools: [...view.approvedTools],
  };
  const t = view.transport;
  if (t.kind === 'http') {
    return {
      ...base,
      kind: 'http',
      url: t.url,
      headers: [
        ...Object.entries(t.headers).map(([name, value]) => newRow({ name, value, secret: false })),
        ...t.secretHeaders.map((name) =>
          newRow({ name, secret: true, saved: { last4: saved('header', name) } }),
        ),
      ],
    };
  }
  return {
    ...base,
    kind: 'stdio',
    command: t.command,
    args: t.args.join('\n'),
    cwd: t.cwd ?? '',
    env: [
      ...Object.entries(t.env).map(([name, value]) => newRow({ name, value, secret: false })),
      ...t.secretEnv.map((name) => newRow({ name, secret: true, saved: { last4: saved('env', name) } })),
    ],
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

function checkRows(
  rows: readonly ValueRow[],
  pattern: RegExp,
  what: string,
  compare: (name: string) => string,
): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) return `Every ${what} needs a name (or remove the empty row).`;
    if (!pattern.test(name)) return `“${name}” is not a valid ${what} name.`;
    if (seen.has(compare(name))) return `The ${what} “${name}” is there twice.`;
    seen.add(compare(name));
    if (/[\r\n]/.test(row.value)) return `The value of ${name} must be one line.`;
    if (!row.secret && row.value === '' && row.saved) {
      return `${name} was secret: type its value again to keep it in plain settings.`;
    }
    if (row.secret && row.value === '' && !row.saved?.last4) return `Enter the value of ${name}.`;
  }
  return null;
}

export function serverFromForm(
  form: McpServerForm,
  options: { takenIds: readonly string[]; isNew: boolean; before?: McpServerView },
):
  | { ok: true; server: McpServerSettings; secrets: McpSecretValues }
  | { ok: false; errors: FormErrors<FormKey> } {
  const errors: FormErrors<FormKey> = {};
  const name = form.name.trim();
  const id = form.id || slugOf(name).slice(0, 48);
  if (!name) errors.name = 'Give the server a name.';
  else if (!id) errors.name = 'The name needs at least one letter or digit.';
  else if (options.isNew && options.takenIds.includes(id)) {
    errors.name = `A server with the id “${id}” exists already; choose another name.`;
  }
  const start = wholeNumber(form.startTimeoutSeconds, 1, 300);
  if (start === null) errors.startTimeoutSeconds = 'Whole seconds, from 1 to 300.';
  const call = wholeNumber(form.callTimeoutSeconds, 1, 3600);
  if (call === null) errors.callTimeoutSeconds = 'Whole seconds, from 1 to 3,600.';
  const idle = wholeNumber(form.idleMinutes, 1, 1440);
  if (idle === null) errors.idleMinutes = 'Whole minutes, from 1 to 1,440.';

  const rows = form.kind === 'stdio' ? form.env : form.headers;
  const rowProblem =
    form.kind === 'stdio'
      ? checkRows(rows, ENV_NAME, 'environment variable', (n) => n)
      : checkRows(rows, HEADER_NAME, 'header', (n) => n.toLowerCase());
  if (rowProblem) errors.rows = rowProblem;
  if (form.kind === 'stdio' && !form.command.trim())
    errors.command = 'Type the program to start, e.g. npx or node.';
  if (form.kind === 'http' && !/^https?:\/\/[^\s]+$/i.test(form.url.trim())) {
    errors.url = 'An address starting with http:// or https://, e.g. http://localhost:3001/mcp.';
  }
  if (Object.keys(errors).length > 0 || start === null || call === null || idle === null) {
    return { ok: false, errors };
  }

  const plain: Record<string, string> = {};
  const secretNames: string[] = [];
  const values: Record<string, string | null> = {};
  for (const row of rows) {
    const rowName = row.name.trim();
    if (row.secret) {
      secretNames.push(rowName);
      if (row.value !== '') values[rowName] = row.value;
    } else plain[rowName] = row.value;
  }
  // Secrets the server had and no longer has: removed from the vault.
  const where = form.kind === 'stdio' ? 'env' : 'header';
  const before = (options.before?.secrets ?? []).filter((s) => s.where === where);
  for (const old of before) {
    if (!secretNames.includes(old.name)) values[old.name] = null;
  }
  const server: McpServerSettings = {
    id,
    name,
    transport:
      form.kind === 'stdio'
        ? {
            kind: 'stdio',
            command: form.command.trim(),
            args: form.args
              .split('\n')
              .map((a) => a.trim())
              .filter((a) => a !== ''),
            ...(form.cwd.trim() ? { cwd: form.cwd.trim() } : {}),
            env: plain,
            secretEnv: secretNames,
          }
        : { kind: 'http', url: form.url.trim(), headers: plain, secretHeaders: secretNames },
    enabled: form.enabled,
    trusted: form.trusted,
    disabledTools: form.disabledTools,
    approvedTools: form.approvedTools,
    startTimeoutSeconds: start,
    callTimeoutSeconds: call,
    idleMinutes: idle,
  };
  const secrets: McpSecretValues = form.kind === 'stdio' ? { env: values } : { headers: values };
  return { ok: true, server, secrets };
}
