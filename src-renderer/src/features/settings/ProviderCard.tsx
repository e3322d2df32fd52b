import { CircleCheck, KeyRound, Plug, Trash } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { CallOutput, ProviderView } from '@contract/bridge';
import { bridge, describeError } from '../../bridge';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { Field } from '../../components/Field';
import { IconButton } from '../../components/IconButton';
import { reloadProviders } from '../../stores/catalog';
import { showError, showToast } from '../../stores/toasts';
import { errorText } from '../../lib/error-presentation';
import { ProviderAdvanced, settingsOf } from './ProviderAdvanced';
import { formatDuration, formatWhen } from '@contract/format';

const HEALTH: Record<ProviderView['health']['state'], { tone: BadgeTone; label: string }> = {
  ok: { tone: 'success', label: 'Healthy' },
  degraded: { tone: 'warning', label: 'Degraded' },
  down: { tone: 'danger', label: 'Down' },
  unconfigured: { tone: 'neutral', label: 'Not set up' },
  unknown: { tone: 'neutral', label: 'Not checked yet' },
};

type TestResult = CallOutput<'providers.test'>;

/** The key form: the key goes to main once, in a masked field that is cleared as soon as it is sent. */
function AddKeyForm({ provider }: { provider: ProviderView }) {
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = key.trim();
    if (!value) return;
    setSaving(true);
    setError(null);
    setKey('');
    try {
      const saved = await bridge.call('providers.addKey', {
        providerId: provider.id,
        key: value,
        ...(label.trim() ? { label: label.trim() } : {}),
      });
      setLabel('');
      showToast({ message: `Key ending in ${saved.last4} saved for ${provider.label}.`, tone: 'success' });
      await reloadProviders();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="key-form" onSubmit={(e) => void submit(e)} autoComplete="off">
      <Field
        label={`API key for ${provider.label}`}
        type="password"
        value={key}
        autoComplete="off"
        spellCheck={false}
        placeholder={provider.keys.length ? 'Add another key' : 'Paste the key'}
        onChange={(e) => setKey(e.target.value)}
        error={error}
        hint="Encrypted on this computer. Modeldesk never shows it again: only its last four characters."
      />
      <Field
        label="Label (optional)"
        value={label}
        maxLength={100}
        placeholder="e.g. work"
        onChange={(e) => setLabel(e.target.value)}
      />
      <Button type="submit" variant="primary" disabled={!key.trim() || saving} icon={<KeyRound size={14} />}>
        {saving ? 'Saving…' : 'Save key'}
      </Button>
    </form>
  );
}

function BaseUrlForm({ provider }: { provider: ProviderView }) {
  const [url, setUrl] = useState(provider.baseURL ?? '');
  const [error, setError] = useState<string | null>(null);
  const changed = url.trim() !== (provider.baseURL ?? '');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const next = url.trim();
      await bridge.call('providers.upsert', {
        provider: { ...settingsOf(provider), baseURL: next || undefined },
      });
      showToast({ message: `${provider.label}: address saved.`, tone: 'success' });
      await reloadProviders();
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void save(e)}>
      <Field
        label="Base URL"
        type="url"
        value={url}
        placeholder="Default address"
        onChange={(e) => setUrl(e.target.value)}
        error={error}
      />
      <Button type="submit" disabled={!changed}>
        Save
      </Button>
    </form>
  );
}

export function ProviderCard({ provider }: { provider: ProviderView }) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const health = HEALTH[provider.health.state];

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await bridge.call('providers.test', { providerId: provider.id }));
    } catch (e) {
      setResult({
        ok: false,
        latencyMs: 0,
        error: { kind: 'connection', message: describeError(e), retryable: true },
      });
    } finally {
      setTesting(false);
    }
  };

  const removeKey = async (keyId: string, last4: string) => {
    try {
      await bridge.call('providers.removeKey', { providerId: provider.id, keyId });
      showToast({ message: `Key ending in ${last4} removed.` });
      await reloadProviders();
    } catch (e) {
      showError(`Could not remove the key: ${describeError(e)}`);
    }
  };

  return (
    <section className="provider-card" aria-labelledby={`provider-${provider.id}`}>
      <header className="provider-head">
        <div className="provider-name">
          <h3 id={`provider-${provider.id}`}>{provider.label}</h3>
          <span className="provider-kind">
            {provider.preset === provider.kind ? provider.kind : `${provider.preset} · ${provider.kind}`}
          </span>
        </div>
        <Badge tone={health.tone}>{health.label}</Badge>
        {provider.health.latencyMs !== undefined && (
          <span className="provider-latency">{formatDuration(provider.health.latencyMs)}</span>
        )}
        <Button
          size="sm"
          icon={<Plug size={13} />}
          disabled={testing || !provider.configured}
          onClick={() => void test()}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
      </header>
      {result &&
        (result.ok ? (
          <p className="provider-test-ok" role="status">
            <CircleCheck size={15} aria-hidden /> Connected in {formatDuration(result.latencyMs)}
            {result.models !== undefined ? ` · ${result.models} models available` : ''}
          </p>
        ) : (
          <ErrorCallout title="The connection test failed">
            {result.error ? errorText(result.error) : null}
          </ErrorCallout>
        ))}
      {provider.needsKey && (
        <>
          {provider.keys.length > 0 && (
            <ul className="key-list" aria-label={`Keys for ${provider.label}`}>
              {provider.keys.map((k) => (
                <li key={k.id} className="key-row">
                  <KeyRound size={14} aria-hidden className="key-icon" />
                  <span className="key-mask" aria-label={`Key ending in ${k.last4}`}>
                    ••••{k.last4}
                  </span>
                  {k.label && <span className="key-label">{k.label}</span>}
                  <span className="key-source">
                    {k.source === 'environment' ? 'from the environment' : `added ${formatWhen(k.addedAt)}`}
                  </span>
                  {k.source === 'vault' && (
                    <IconButton
                      label={`Remove key ending in ${k.last4}`}
                      size="sm"
                      icon={<Trash size={13} />}
                      onClick={() => void removeKey(k.id, k.last4)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          <AddKeyForm provider={provider} />
        </>
      )}
      <BaseUrlForm provider={provider} />
      <ProviderAdvanced provider={provider} />
    </section>
  );
}
