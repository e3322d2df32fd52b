import { CircleCheck, FileInput, Pencil, Plug, Plus, ScrollText, Square, Trash } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { McpLogLine, McpServerView, McpTestResult } from '@contract/tools';
import { bridge, describeError } from '../../bridge';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { IconButton } from '../../components/IconButton';
import { formatDuration, formatWhen } from '@contract/format';
import { showError, showToast } from '../../stores/toasts';
import { loadTools, patchServer, useToolsStore } from '../../stores/tools';
import { EMPTY_SERVER_FORM, formFromServer, type McpServerForm } from './mcp-server-form';
import { McpImportDialog } from './McpImportDialog';
import { McpServerDialog } from './McpServerDialog';

const STATE: Record<McpServerView['status']['state'], { tone: BadgeTone; label: string }> = {
  running: { tone: 'success', label: 'Running' },
  starting: { tone: 'info', label: 'Starting…' },
  stopped: { tone: 'neutral', label: 'Stopped' },
  failed: { tone: 'danger', label: 'Failed' },
};

type Editing = { key: number; initial: McpServerForm; before?: McpServerView; isNew: boolean };

function describeTarget(server: McpServerView): string {
  const t = server.transport;
  if (t.kind === 'http') return t.url;
  return [t.command, ...t.args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

async function save(server: McpServerView, patch: Partial<McpServerView>): Promise<void> {
  const { secrets: _secrets, status: _status, ...settings } = { ...server, ...patch };
  patchServer(server.id, patch);
  try {
    await bridge.call('mcp.upsert', { server: settings });
  } catch (error) {
    showError(`Not saved: ${describeError(error)}`);
  }
  await loadTools();
}

/** The server's log: what it wrote to stderr and what Modeldesk saw, as plain text (redacted in main). */
function ServerLog({ id, revision }: { id: string; revision: number }) {
  const [lines, setLines] = useState<McpLogLine[] | null>(null);
  useEffect(() => {
    let current = true;
    bridge
      .call('mcp.log', { id })
      .then((r) => current && setLines(r.lines))
      .catch(() => current && setLines([]));
    return () => {
      current = false;
    };
  }, [id, revision]);
  if (!lines) return <p className="settings-note">Loading the log…</p>;
  if (lines.length === 0) return <p className="settings-note">Nothing logged yet.</p>;
  return (
    <ol className="mcp-log" aria-label="Server log">
      {lines.map((line, i) => (
        <li key={i} className={`mcp-log-line is-${line.level} from-${line.source}`}>
          <time dateTime={new Date(line.at).toISOString()}>{new Date(line.at).toLocaleTimeString()}</time>
          <span className="mcp-log-text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}

function ServerCard({ server, onEdit }: { server: McpServerView; onEdit: () => void }) {
  const revision = useToolsStore((s) => s.revision);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<McpTestResult | null>(null);
  const [showLog, setShowLog] = useState(false);
  const state = STATE[server.status.state];
  const headingId = `mcp-${server.id}`;

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await bridge.call('mcp.test', { id: server.id }));
    } catch (e) {
      setResult({ ok: false, latencyMs: 0, error: { kind: 'start_failed', message: describeError(e) } });
    } finally {
      setTesting(false);
    }
  };
  const remove = async () => {
    try {
      await bridge.call('mcp.remove', { id: server.id });
      showToast({ message: `Tool server “${server.name}” removed, with its secrets.` });
      await loadTools();
    } catch (e) {
      showError(`Could not remove it: ${describeError(e)}`);
    }
  };
  const missing = server.secrets.filter((s) => s.last4 === null).map((s) => s.name);
  const error =
    result?.ok === false ? result.error : server.status.state === 'failed' ? server.status.error : undefined;

  return (
    <section className="provider-card mcp-card" aria-labelledby={headingId}>
      <header className="provider-head">
        <div className="provider-name">
          <h3 id={headingId}>{server.name}</h3>
          <code className="mcp-target">{describeTarget(server)}</code>
        </div>
        <Badge tone={state.tone}>{state.label}</Badge>
        {server.trusted && <Badge tone="accent">Trusted</Badge>}
        {!server.enabled && <Badge>Off</Badge>}
        <Button
          size="sm"
          icon={<Plug size={13} />}
          disabled={testing || !server.enabled}
          onClick={() => void test()}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
        {server.status.state === 'running' && (
          <IconButton
            label={`Stop ${server.name}`}
            size="sm"
            icon={<Square size={12} />}
            onClick={() => void bridge.call('mcp.stop', { id: server.id }).catch(() => undefined)}
          />
        )}
        <IconButton label={`Change ${server.name}`} size="sm" icon={<Pencil size={14} />} onClick={onEdit} />
        <IconButton
          label={`Remove ${server.name}`}
          size="sm"
          icon={<Trash size={14} />}
          onClick={() => void remove()}
        />
      </header>
      {result?.ok && (
        <p className="provider-test-ok" role="status">
          <CircleCheck size={15} aria-hidden /> Connected in {formatDuration(result.latencyMs)}
          {result.serverInfo ? ` to ${result.serverInfo.name} ${result.serverInfo.version}` : ''} ·{' '}
          {result.tools} tools
        </p>
      )}
      {error && (
        <ErrorCallout title={result ? 'The test failed' : 'The server failed'}>
          <p>
            {error.message} {error.action}
          </p>
        </ErrorCallout>
      )}
      {missing.length > 0 && (
        <ErrorCallout tone="warning" title="A secret has no value">
          <p>
            {missing.join(', ')} {missing.length === 1 ? 'has' : 'have'} no value on this computer. Change the
            server to enter {missing.length === 1 ? 'it' : 'them'}.
          </p>
        </ErrorCallout>
      )}
      <div className="mcp-switches">
        <label className="check-row">
          <input
            type="checkbox"
            checked={server.enabled}
            onChange={(e) => void save(server, { enabled: e.target.checked })}
          />
          On
        </label>
        <label className="check-row">
          <input
            type="checkbox"
            checked={server.trusted}
            onChange={(e) => void save(server, { trusted: e.target.checked })}
          />
          Trusted (its tools run without asking)
        </label>
        {server.secrets.length > 0 && (
          <span className="mcp-secrets">
            Secrets:{' '}
            {server.secrets.map((s) => `${s.name} ${s.last4 ? `••••${s.last4}` : '(none)'}`).join(', ')}
          </span>
        )}
      </div>
      {server.status.tools.length > 0 ? (
        <fieldset className="bare-fieldset mcp-tools">
          <legend className="field-label">
            Tools ({server.status.tools.length}
            {server.status.toolsListedAt ? `, listed ${formatWhen(server.status.toolsListedAt)}` : ''})
          </legend>
          <ul className="mcp-tool-list">
            {server.status.tools.map((tool) => (
              <li key={tool.name}>
                <label className="check-row mcp-tool">
                  <input
                    type="checkbox"
                    aria-label={tool.name}
                    aria-describedby={tool.description ? `mcp-${server.id}-tool-${tool.name}` : undefined}
                    checked={!server.disabledTools.includes(tool.name)}
                    onChange={(e) =>
                      void save(server, {
                        disabledTools: e.target.checked
                          ? server.disabledTools.filter((t) => t !== tool.name)
                          : [...server.disabledTools, tool.name],
                      })
                    }
                  />
                  <code>{tool.name}</code>
                  {tool.destructive && <Badge tone="warning">may change things</Badge>}
                  {server.approvedTools.includes(tool.name) && (
                    <>
                      <Badge tone="accent">runs without asking</Badge>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Ask again before ${tool.name} runs`}
                        onClick={() =>
                          void save(server, {
                            approvedTools: server.approvedTools.filter((t) => t !== tool.name),
                          })
                        }
                      >
                        Ask again
                      </button>
                    </>
                  )}
                  {tool.readOnly && <Badge>reads only</Badge>}
                  {tool.description && (
                    <span id={`mcp-${server.id}-tool-${tool.name}`} className="mcp-tool-description">
                      {tool.description}
                    </span>
                  )}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : (
        <p className="settings-note">
          Its tools are listed the first time it runs: test the connection to see them.
        </p>
      )}
      <Button
        size="sm"
        variant="ghost"
        icon={<ScrollText size={13} />}
        aria-expanded={showLog}
        onClick={() => setShowLog((s) => !s)}
      >
        {showLog ? 'Hide the log' : 'Show the log'}
      </Button>
      {showLog && <ServerLog id={server.id} revision={revision} />}
    </section>
  );
}

/** Settings → Tools: the MCP servers whose tools models may use. */
export function ToolsSection() {
  const servers = useToolsStore((s) => s.servers);
  const loaded = useToolsStore((s) => s.loaded);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [importing, setImporting] = useState(false);
  const edit = (e: Omit<Editing, 'key'>) => setEditing({ ...e, key: Date.now() });

  useEffect(() => {
    void loadTools();
  }, []);

  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Tools</h2>
        <p>
          Model Context Protocol servers give models tools: reading your files, searching, your own services.
          A server runs only when a model is about to use it, you approve each call unless you trust the
          server, and what a tool returns reaches the model as text, at most 50,000 characters.
        </p>
      </header>
      <div className="config-actions">
        <Button
          variant="primary"
          icon={<Plus size={14} />}
          onClick={() => edit({ initial: EMPTY_SERVER_FORM, isNew: true })}
        >
          Add a server
        </Button>
        <Button icon={<FileInput size={14} />} onClick={() => setImporting(true)}>
          Import from Claude Desktop…
        </Button>
      </div>
      {servers.map((server) => (
        <ServerCard
          key={server.id}
          server={server}
          onEdit={() => edit({ initial: formFromServer(server), before: server, isNew: false })}
        />
      ))}
      {loaded && servers.length === 0 && <p className="settings-note">No tool servers yet.</p>}
      {editing && (
        <McpServerDialog
          key={editing.key}
          initial={editing.initial}
          isNew={editing.isNew}
          {...(editing.before ? { before: editing.before } : {})}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <McpImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
