import { useState, type FormEvent } from 'react';
import type { ProviderView } from '@contract/bridge';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { reloadProviders } from '../../stores/catalog';
import { showToast } from '../../stores/toasts';
import type { FormErrors } from './custom-model-form';
import { advancedForm, advancedFromForm, type AdvancedForm } from './provider-advanced-form';

/** The stored settings of a provider view (what `providers.upsert` takes). */
export function settingsOf(provider: ProviderView) {
  const {
    keys: _keys,
    health: _health,
    needsKey: _needsKey,
    configured: _configured,
    ...settings
  } = provider;
  return settings;
}

/** Extra headers, rate limits and retries of a provider, folded away until wanted. */
export function ProviderAdvanced({ provider }: { provider: ProviderView }) {
  const [form, setForm] = useState<AdvancedForm>(() => advancedForm(provider));
  const [errors, setErrors] = useState<FormErrors<keyof AdvancedForm>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const set = (key: keyof AdvancedForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const headersId = `provider-${provider.id}-headers`;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const checked = advancedFromForm(form, provider);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    try {
      await bridge.call('providers.upsert', { provider: { ...settingsOf(provider), ...checked.value } });
      showToast({ message: `${provider.label}: headers and limits saved.`, tone: 'success' });
      await reloadProviders();
    } catch (error) {
      setFailure(describeError(error));
    }
  };

  return (
    <details className="provider-advanced">
      <summary>Headers, rate limits and retries</summary>
      <form className="form-grid provider-advanced-form" onSubmit={(e) => void save(e)}>
        <div className="field form-grid-wide">
          <label className="field-label" htmlFor={headersId}>
            Extra headers
          </label>
          <textarea
            id={headersId}
            className="textarea provider-headers"
            value={form.headers}
            spellCheck={false}
            placeholder="X-Team: research"
            aria-describedby={`${headersId}-hint`}
            aria-invalid={errors.headers ? true : undefined}
            onChange={(e) => set('headers', e.target.value)}
          />
          <p id={`${headersId}-hint`} className="field-hint">
            One per line, as Name: value. Sent with every call to {provider.label}. Headers are kept in
            settings, not encrypted: put keys in the key field above.
          </p>
          {errors.headers && <p className="field-error">{errors.headers}</p>}
        </div>
        <Field
          label="Requests per minute"
          inputMode="numeric"
          placeholder="no limit"
          value={form.requestsPerMinute}
          onChange={(e) => set('requestsPerMinute', e.target.value)}
          error={errors.requestsPerMinute}
        />
        <Field
          label="Tokens per minute"
          inputMode="numeric"
          placeholder="no limit"
          value={form.tokensPerMinute}
          onChange={(e) => set('tokensPerMinute', e.target.value)}
          error={errors.tokensPerMinute}
        />
        <Field
          label="Attempts per request"
          inputMode="numeric"
          placeholder="4"
          value={form.maxAttempts}
          onChange={(e) => set('maxAttempts', e.target.value)}
          error={errors.maxAttempts}
          hint="Retries wait as the provider asks (retry-after), otherwise with growing pauses."
        />
        <div className="provider-advanced-actions form-grid-wide">
          {failure && (
            <p className="field-error" role="alert">
              Not saved: {failure}
            </p>
          )}
          <Button type="submit">Save headers and limits</Button>
        </div>
      </form>
    </details>
  );
}
