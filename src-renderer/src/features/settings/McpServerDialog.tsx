import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import type { McpServerView } from '@contract/tools';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { IconButton } from '../../components/IconButton';
import { Select } from '../../components/Select';
import { showToast } from '../../stores/toasts';
import { loadTools, useToolsStore } from '../../stores/tools';
import type { FormErrors } from './custom-model-form';
import { newRow, serverFromForm, type McpServerForm, type ValueRow } from './mcp-server-form';

/** Environment variables or headers: name, value, and whether the value is a secret (kept in the vault). */
function ValueRows({
  legend,
  what,
  rows,
  onChange,
  error,
}: {
  legend: string;
  what: string;
  rows: ValueRow[];
  onChange: (rows: ValueRow[]) => void;
  error?: string | undefined;
}) {
  const update = (key: string, patch: Partial<ValueRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="bare-fieldset value-rows form-grid-wide">
      <legend className="field-label">{legend}</legend>
      {rows.length > 0 && (
        <ul className="value-row-list">
          {rows.map((row, i) => (
            <li key={row.key} className="value-row">
              <Field
                label={`${what} ${i + 1} name`}
                hideLabel
                placeholder="NAME"
                value={row.name}
                spellCheck={false}
                onChange={(e) => update(row.key, { name: e.target.value })}
              />
              <Field
                label={`${what} ${i + 1} value`}
                hideLabel
                type={row.secret ? 'password' : 'text'}
                autoComplete="off"
                spellCheck={false}
                placeholder={
                  row.saved?.last4
                    ? `•••• ${row.saved.last4} (kept; type to replace)`
                    : row.secret
                      ? 'secret value'
                      : 'value'
                }
                value={row.value}
                onChange={(e) => update(row.key, { value: e.target.value })}
              />
              <label className="check-row value-row-secret">
                <input
                  type="checkbox"
                  checked={row.secret}
                  onChange={(e) => update(row.key, { secret: e.target.checked })}
                />
                Secret
              </label>
              <IconButton
                label={`Remove ${row.name || `${what.toLowerCase()} ${i + 1}`}`}
                size="sm"
                tooltip="none"
                icon={<X size={13} />}
                onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
              />
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field-error">{error}</p>}
      <p className="field-hint">
        Secret values are encrypted in the vault like API keys; this window only ever sees their last four
        characters.
      </p>
      <Button
        size="sm"
        variant="ghost"
        icon={<Plus size={13} />}
        onClick={() => onChange([...rows, newRow()])}
      >
        Add {what.toLowerCase()}
      </Button>
    </fieldset>
  );
}

/** Adds or changes a tool server: a program on this computer (stdio) or an address (Streamable HTTP). */
export function McpServerDialog({
  initial,
  before,
  isNew,
  onClose,
}: {
  initial: McpServerForm;
  before?: McpServerView;
  isNew: boolean;
  onClose: () => void;
}) {
  const servers = useToolsStore((s) => s.servers);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors<keyof McpServerForm | 'rows'>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof McpServerForm>(key: K, value: McpServerForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const save = async () => {
    const checked = serverFromForm(form, {
      takenIds: servers.map((s) => s.id),
      isNew,
      ...(before ? { before } : {}),
    });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    setSaving(true);
    try {
      const saved = await bridge.call('mcp.upsert', { server: checked.server, secrets: checked.secrets });
      // Secret values leave the window's memory as soon as they are sent.
      setForm((f) => ({ ...f, env: [], headers: [] }));
      showToast({ message: `Tool server “${saved.name}” saved.`, tone: 'success' });
      await loadTools();
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={isNew ? 'Add a tool server' : `Change “${initial.name}”`}
      description="Modeldesk starts this server only when a model is about to use one of its tools, and never runs a command that does not come from here."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save server'}
          </Button>
        </>
      }
    >
      <form
        className="dialog-form form-grid"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field
          label="Name"
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          error={errors.name}
          hint={isNew ? undefined : `Id: ${form.id}`}
          data-autofocus
        />
        <Select
          label="Runs as"
          value={form.kind}
          options={[
            { value: 'stdio', label: 'A program on this computer (stdio)' },
            { value: 'http', label: 'A server at an address (Streamable HTTP)' },
          ]}
          onChange={(kind) => set('kind', kind)}
        />
        {form.kind === 'stdio' ? (
          <>
            <Field
              className="form-grid-wide"
              label="Command"
              value={form.command}
              spellCheck={false}
              placeholder="npx, node, uvx, or a full path"
              onChange={(e) => set('command', e.target.value)}
              error={errors.command}
            />
            <div className="field form-grid-wide">
              <label className="field-label" htmlFor="mcp-args">
                Arguments, one per line
              </label>
              <textarea
                id="mcp-args"
                className="textarea mcp-args"
                spellCheck={false}
                value={form.args}
                placeholder={'-y\n@modelcontextprotocol/server-filesystem\n/path/to/folder'}
                onChange={(e) => set('args', e.target.value)}
              />
            </div>
            <Field
              className="form-grid-wide"
              label="Working folder (optional)"
              value={form.cwd}
              spellCheck={false}
              placeholder="Modeldesk’s own"
              onChange={(e) => set('cwd', e.target.value)}
            />
            <ValueRows
              legend="Environment"
              what="Variable"
              rows={form.env}
              onChange={(rows) => set('env', rows)}
              error={errors.rows}
            />
          </>
        ) : (
          <>
            <Field
              className="form-grid-wide"
              label="Address"
              type="url"
              value={form.url}
              spellCheck={false}
              placeholder="https://example.com/mcp"
              onChange={(e) => set('url', e.target.value)}
              error={errors.url}
            />
            <ValueRows
              legend="Headers"
              what="Header"
              rows={form.headers}
              onChange={(rows) => set('headers', rows)}
              error={errors.rows}
            />
          </>
        )}
        <Field
          label="Start timeout (seconds)"
          inputMode="numeric"
          value={form.startTimeoutSeconds}
          onChange={(e) => set('startTimeoutSeconds', e.target.value)}
          error={errors.startTimeoutSeconds}
        />
        <Field
          label="Call timeout (seconds)"
          inputMode="numeric"
          value={form.callTimeoutSeconds}
          onChange={(e) => set('callTimeoutSeconds', e.target.value)}
          error={errors.callTimeoutSeconds}
        />
        <Field
          label="Stop after idle (minutes)"
          inputMode="numeric"
          value={form.idleMinutes}
          onChange={(e) => set('idleMinutes', e.target.value)}
          error={errors.idleMinutes}
        />
        <label className="check-row mcp-trusted">
          <input type="checkbox" checked={form.trusted} onChange={(e) => set('trusted', e.target.checked)} />
          Trusted: run its tools without asking each time
        </label>
        {failure && (
          <p className="field-error form-grid-wide" role="alert">
            Not saved: {failure}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
