import { Download, FileUp } from 'lucide-react';
import { useRef, useState } from 'react';
import type { CallOutput } from '@contract/bridge';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { JsonFileInput } from '../../components/JsonFileInput';
import { ErrorCallout } from '../../components/ErrorCallout';
import { useAppStore } from '../../stores/app';
import { loadCatalog } from '../../stores/catalog';
import { applyTheme } from '../../stores/theme';
import { showError, showToast } from '../../stores/toasts';

type Check = CallOutput<'config.import'>;
type Pending = { name: string; content: string; check: Check };

/** Saves text as a file through the browser's download (both hosts). */
function download(filename: string, content: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Import and export: settings, providers (never keys), custom models and prices, profiles and budgets as one JSON
 * file. An import is checked first and every problem is listed with where it is; nothing changes unless all is valid.
 */
export function ConfigSection() {
  const [exporting, setExporting] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [importing, setImporting] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const exportConfig = async () => {
    setExporting(true);
    try {
      const exported = await bridge.call('config.export', {});
      download(exported.filename, exported.content);
      showToast({ message: `Saved ${exported.filename} (no keys in it).`, tone: 'success' });
    } catch (error) {
      showError(`Could not export: ${describeError(error)}`);
    } finally {
      setExporting(false);
    }
  };

  const check = async (picked: File) => {
    setPending(null);
    try {
      const content = await picked.text();
      const result = await bridge.call('config.import', { content, dryRun: true });
      setPending({ name: picked.name, content, check: result });
    } catch (error) {
      showError(`Could not read ${picked.name}: ${describeError(error)}`);
    }
  };

  const apply = async () => {
    if (!pending) return;
    setImporting(true);
    try {
      const result = await bridge.call('config.import', { content: pending.content, dryRun: false });
      if (!result.ok) {
        setPending({ ...pending, check: result });
        return;
      }
      setPending(null);
      showToast({ message: `Imported: ${result.summary}`, tone: 'success' });
      const settings = await bridge.call('settings.get', {});
      useAppStore.setState({ settings });
      applyTheme(settings.theme);
      await loadCatalog();
    } catch (error) {
      showError(`Could not import: ${describeError(error)}`);
    } finally {
      setImporting(false);
    }
  };

  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Import and export</h2>
        <p>
          One JSON file with your settings, providers (addresses and headers, never keys), custom models and
          prices, profiles and budgets. Move it to another computer, keep it in version control, or edit it
          and import it back.
        </p>
      </header>
      <div className="config-actions">
        <Button icon={<Download size={14} />} disabled={exporting} onClick={() => void exportConfig()}>
          {exporting ? 'Exporting…' : 'Export configuration'}
        </Button>
        <Button icon={<FileUp size={14} />} onClick={() => file.current?.click()}>
          Import configuration…
        </Button>
        <JsonFileInput
          inputRef={file}
          label="Configuration file to import"
          onFile={(picked) => void check(picked)}
        />
      </div>
      {pending &&
        (pending.check.ok ? (
          <div className="config-review" role="status">
            <p>
              <strong>{pending.name}</strong> is valid. {pending.check.summary}
            </p>
            <p className="settings-note">Importing replaces the matching settings, profiles and models.</p>
            <div className="config-actions">
              <Button variant="primary" disabled={importing} onClick={() => void apply()}>
                {importing ? 'Importing…' : 'Import'}
              </Button>
              <Button onClick={() => setPending(null)}>Cancel</Button>
            </div>
          </div>
        ) : (
          <ErrorCallout
            title={`${pending.name} was not imported: ${pending.check.problems.length} ${pending.check.problems.length === 1 ? 'problem' : 'problems'}`}
            actions={
              <Button size="sm" onClick={() => file.current?.click()}>
                Choose another file…
              </Button>
            }
          >
            <p>Nothing was changed. Fix these and import the file again:</p>
            <ul className="config-problems" aria-label="Problems">
              {pending.check.problems.map((problem, i) => (
                <li key={i}>
                  <code>{problem.path || '(the file)'}</code> {problem.message}
                </li>
              ))}
            </ul>
          </ErrorCallout>
        ))}
    </div>
  );
}
