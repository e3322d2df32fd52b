import { FileUp, RefreshCw, Undo2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { CatalogueCheck, CatalogueInfo } from '@contract/catalogue';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { JsonFileInput } from '../../components/JsonFileInput';
import { formatDay, formatWhen } from '@contract/format';
import { useAppStore } from '../../stores/app';
import { reloadProviders } from '../../stores/catalog';
import { showError, showToast } from '../../stores/toasts';
import { CatalogueReviewDialog } from './CatalogueReviewDialog';
import { Toggle, updateSettings } from './GeneralSection';

function datasetName(info: Pick<CatalogueInfo, 'dataset'>): string {
  const { dataset } = info;
  const version = dataset.version ?? dataset.commit?.slice(0, 8);
  return `${dataset.name}${version ? ` ${version}` : ''} (${formatDay(dataset.date)})`;
}

/**
 * Where the catalogue's models and prices come from, and its refresh: check the dataset's address (or import a
 * downloaded file), review what would change, apply it or not, and go back. Nothing is fetched unless asked for
 * or the daily check is on.
 */
export function CatalogueCard() {
  const settings = useAppStore((s) => s.settings);
  const [info, setInfo] = useState<CatalogueInfo | null>(null);
  const [checking, setChecking] = useState(false);
  const [review, setReview] = useState<CatalogueCheck | null>(null);
  const [url, setUrl] = useState(settings?.catalogue.updateUrl ?? '');
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    bridge.call('catalogue.info', {}).then(
      (value) => live && setInfo(value),
      (error: unknown) => showError(`Could not read the catalogue: ${describeError(error)}`),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => setUrl(settings?.catalogue.updateUrl ?? ''), [settings?.catalogue.updateUrl]);

  const run = async (input: Parameters<typeof bridge.call<'catalogue.check'>>[1]) => {
    setChecking(true);
    try {
      setReview(await bridge.call('catalogue.check', input));
    } catch (error) {
      showError(describeError(error));
    } finally {
      setChecking(false);
      setInfo(await bridge.call('catalogue.info', {}).catch(() => info));
    }
  };

  const applied = async (next: CatalogueInfo, message: string) => {
    setInfo(next);
    setReview(null);
    await reloadProviders();
    showToast({ message, tone: 'success' });
  };

  const apply = async (check: CatalogueCheck) => {
    try {
      await applied(
        await bridge.call('catalogue.apply', { checkId: check.checkId }),
        `Applied: ${check.summary}`,
      );
    } catch (error) {
      showError(`Not applied: ${describeError(error)}`);
    }
  };

  const revert = async () => {
    try {
      const back = await bridge.call('catalogue.revert', {});
      await applied(back, `Back to the catalogue of ${formatDay(back.asOf)}.`);
    } catch (error) {
      showError(`Could not go back: ${describeError(error)}`);
    }
  };

  const saveUrl = () => {
    if (!settings || url === settings.catalogue.updateUrl) return;
    void updateSettings({ catalogue: { ...settings.catalogue, updateUrl: url.trim() } });
  };

  return (
    <section className="catalogue-card" aria-labelledby="catalogue-card-title">
      <div className="catalogue-card-head">
        <div>
          <h3 id="catalogue-card-title">Catalogue</h3>
          {info ? (
            <p>
              Models and prices as of <strong>{formatDay(info.asOf)}</strong>, from {datasetName(info)}:{' '}
              {info.models} models, {info.priced} priced.{' '}
              {info.origin === 'refreshed'
                ? `Refreshed${info.appliedAt ? ` ${formatWhen(info.appliedAt)}` : ''}; this version shipped the catalogue of ${formatDay(info.builtin.asOf)}.`
                : 'The catalogue this version shipped with.'}
            </p>
          ) : (
            <p>Reading the catalogue…</p>
          )}
          {info?.note && <p className="settings-note">{info.note}</p>}
          {info?.lastCheck && (
            <p className="catalogue-last-check">
              Last checked {formatWhen(info.lastCheck.at)}: {info.lastCheck.message}
            </p>
          )}
        </div>
        <div className="catalogue-actions">
          <Button
            variant="primary"
            icon={<RefreshCw size={14} className={checking ? 'spin' : undefined} />}
            disabled={checking}
            onClick={() => void run({ source: 'url' })}
          >
            {checking ? 'Checking…' : 'Check for updated models and prices'}
          </Button>
          <Button icon={<FileUp size={14} />} disabled={checking} onClick={() => file.current?.click()}>
            Import a dataset file…
          </Button>
          <JsonFileInput
            inputRef={file}
            label="Dataset file to import"
            onFile={(picked) =>
              void picked.text().then((content) => run({ source: 'file', name: picked.name, content }))
            }
          />
          {info?.previous && (
            <Button icon={<Undo2 size={14} />} disabled={checking} onClick={() => void revert()}>
              Go back to the catalogue of {formatDay(info.previous.asOf)}
            </Button>
          )}
        </div>
      </div>
      {settings && (
        <div className="catalogue-settings">
          <Toggle
            label="Check once a day"
            description="Looks for updated models and prices at the address below once a day and tells you when there are any; nothing is applied without you. Off by default: nothing is fetched unless you ask."
            checked={settings.catalogue.dailyCheck}
            onChange={(dailyCheck) =>
              void updateSettings({ catalogue: { ...settings.catalogue, dailyCheck } })
            }
          />
          <form
            className="catalogue-url"
            onSubmit={(event) => {
              event.preventDefault();
              saveUrl();
            }}
          >
            <Field
              label="Dataset address"
              hint="Pydantic's genai-prices data file (MIT), or a copy of it on a server of your own."
              value={url}
              type="url"
              spellCheck={false}
              onChange={(e) => setUrl(e.target.value)}
              onBlur={saveUrl}
            />
            <Button type="submit" disabled={url === settings.catalogue.updateUrl}>
              Save address
            </Button>
          </form>
        </div>
      )}
      {review && (
        <CatalogueReviewDialog
          check={review}
          onApply={() => void apply(review)}
          onClose={() => setReview(null)}
        />
      )}
    </section>
  );
}
