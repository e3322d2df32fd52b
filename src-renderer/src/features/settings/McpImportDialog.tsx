import { FileUp } from 'lucide-react';
import { useRef, useState } from 'react';
import type { McpImportPreview } from '@contract/tools';
import { bridge, describeError } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { showToast } from '../../stores/toasts';
import { loadTools } from '../../stores/tools';

const MAX_FILE_BYTES = 1_000_000;

/**
 * Imports the `mcpServers` block the desktop apps share (claude_desktop_config.json, Cursor's mcp.json): paste it or
 * pick the file, read the preview (what would run, which values go to the vault), choose, import.
 */
export function McpImportDialog({ onClose }: { onClose: () => void }) {
  const [content, setContent] = useState('');
  const [preview, setPreview] = useState<McpImportPreview | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [replace, setReplace] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const check = async (text = content) => {
    setError(null);
    setBusy(true);
    try {
      const result = await bridge.call('mcp.importPreview', { content: text });
      setPreview(result);
      setChosen(result.entries.filter((e) => e.problems.length === 0).map((e) => e.key));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.call('mcp.import', { content, keys: chosen, replace });
      setContent('');
      await loadTools();
      const skipped = result.skipped.map((s) => `${s.key}: ${s.reason}`).join(' ');
      showToast({
        message: `Imported ${result.imported.length} tool server${result.imported.length === 1 ? '' : 's'}.${skipped ? ` Skipped ${skipped}` : ''}`,
        tone: result.imported.length > 0 ? 'success' : 'info',
      });
      onClose();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const importable = preview?.entries.filter((e) => e.problems.length === 0) ?? [];
  const exists = preview?.entries.some((e) => e.exists && chosen.includes(e.key)) ?? false;

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Import tool servers"
      description="Paste the mcpServers block from Claude Desktop’s claude_desktop_config.json (or Cursor’s mcp.json), or choose the file. Nothing runs until a model uses a tool."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          {preview ? (
            <Button variant="primary" disabled={busy || chosen.length === 0} onClick={() => void run()}>
              Import {chosen.length} server{chosen.length === 1 ? '' : 's'}
            </Button>
          ) : (
            <Button variant="primary" disabled={busy || !content.trim()} onClick={() => void check()}>
              Preview
            </Button>
          )}
        </>
      }
    >
      <div className="mcp-import">
        <div className="field">
          <label className="field-label" htmlFor="mcp-import-text">
            Configuration
          </label>
          <textarea
            id="mcp-import-text"
            className="textarea mcp-import-text"
            spellCheck={false}
            value={content}
            placeholder={
              '{\n  "mcpServers": {\n    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/path"] }\n  }\n}'
            }
            onChange={(e) => {
              setContent(e.target.value);
              setPreview(null);
            }}
          />
        </div>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const picked = e.target.files?.[0];
            e.target.value = '';
            if (!picked) return;
            if (picked.size > MAX_FILE_BYTES) {
              setError(
                'That file is larger than 1 MB; an mcpServers block is much smaller. Paste just the block.',
              );
              return;
            }
            void picked.text().then((text) => {
              setContent(text);
              void check(text);
            });
          }}
        />
        <Button size="sm" icon={<FileUp size={14} />} onClick={() => file.current?.click()}>
          Choose a file…
        </Button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {preview && (
          <section className="mcp-import-preview" aria-label="What would be imported">
            {preview.problems.map((p) => (
              <p key={p.path} className="field-error" role="alert">
                {p.message}
              </p>
            ))}
            {preview.entries.length > 0 && (
              <ul className="mcp-import-list">
                {preview.entries.map((entry) => (
                  <li key={entry.key} className="mcp-import-entry">
                    <label className="check-row">
                      <input
                        type="checkbox"
                        disabled={entry.problems.length > 0}
                        checked={chosen.includes(entry.key)}
                        onChange={(e) =>
                          setChosen((c) =>
                            e.target.checked ? [...c, entry.key] : c.filter((k) => k !== entry.key),
                          )
                        }
                      />
                      <strong>{entry.name}</strong>
                      <Badge>{entry.kind === 'stdio' ? 'program' : 'address'}</Badge>
                      {entry.exists && <Badge tone="warning">exists</Badge>}
                    </label>
                    <code className="mcp-import-summary">{entry.summary}</code>
                    {entry.secretNames.length > 0 && (
                      <p className="field-hint">Into the vault: {entry.secretNames.join(', ')}</p>
                    )}
                    {entry.plainNames.length > 0 && (
                      <p className="field-hint">Kept in settings: {entry.plainNames.join(', ')}</p>
                    )}
                    {entry.warnings.map((w) => (
                      <p key={w} className="field-warning" role="note">
                        {w}
                      </p>
                    ))}
                    {entry.problems.map((p) => (
                      <p key={p} className="field-error">
                        {p}
                      </p>
                    ))}
                  </li>
                ))}
              </ul>
            )}
            {importable.length > 0 && exists && (
              <label className="check-row">
                <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
                Replace the servers that exist already
              </label>
            )}
          </section>
        )}
      </div>
    </Dialog>
  );
}
