import { useState } from 'react';
import type { AppInfo } from '@contract/bridge';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { Field } from '../../components/Field';
import { reloadProviders, useCatalogStore } from '../../stores/catalog';
import { useAppStore } from '../../stores/app';
import { showError, showToast } from '../../stores/toasts';
import { ProviderCard } from './ProviderCard';

function VaultNotice({ info }: { info: AppInfo }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { vault } = info;
  if (vault.locked) {
    return (
      <ErrorCallout tone="warning" title="Your keys are locked">
        <p>{vault.message}</p>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const value = passphrase;
            setPassphrase('');
            bridge
              .call('vault.unlock', { passphrase: value })
              .then((status) => {
                useAppStore.setState((s) => (s.info ? { info: { ...s.info, vault: status } } : s));
                setError(null);
                return reloadProviders();
              })
              .catch((e: unknown) => setError(describeError(e)));
          }}
        >
          <Field
            label="Passphrase"
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            error={error}
          />
          <Button type="submit" variant="primary" disabled={!passphrase}>
            Unlock
          </Button>
        </form>
      </ErrorCallout>
    );
  }
  if (vault.weak) {
    return (
      <ErrorCallout tone="warning" title="Keys are stored with weak protection on this computer">
        {vault.message}
      </ErrorCallout>
    );
  }
  return <p className="settings-note">{vault.message}</p>;
}

function EnvKeys({ info }: { info: AppInfo }) {
  const providers = useCatalogStore((s) => s.providers);
  const offered = info.envKeys.filter(
    (k) => !providers.find((p) => p.id === k.provider)?.keys.some((key) => key.last4 === k.last4),
  );
  if (offered.length === 0) return null;
  const importAll = async () => {
    try {
      const imported = await bridge.call('providers.importEnvKeys', {
        providers: offered.map((k) => k.provider),
      });
      showToast({
        message: `Imported ${imported.length} key${imported.length === 1 ? '' : 's'} from the environment.`,
        tone: 'success',
      });
      await reloadProviders();
    } catch (e) {
      showError(`Could not import: ${describeError(e)}`);
    }
  };
  return (
    <div className="env-keys">
      <p>
        Found in the environment: {offered.map((k) => `${k.envVar} (…${k.last4})`).join(', ')}. Import them
        into the encrypted store?
      </p>
      <Button size="sm" variant="primary" onClick={() => void importAll()}>
        Import
      </Button>
    </div>
  );
}

/** Providers: keys (masked, sent once, only the last four characters shown after), base URLs, connection tests. */
export function ProvidersSection() {
  const providers = useCatalogStore((s) => s.providers);
  const info = useAppStore((s) => s.info);
  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Providers</h2>
        <p>
          Keys are encrypted on this computer and never leave Modeldesk’s main process; this window only ever
          sees their last four characters.
        </p>
      </header>
      {info && <VaultNotice info={info} />}
      {info && <EnvKeys info={info} />}
      {providers.map((provider) => (
        <ProviderCard key={provider.id} provider={provider} />
      ))}
      {providers.length === 0 && <p className="settings-note">No providers are configured.</p>}
    </div>
  );
}
