import { useState } from 'react';
import { bridge } from '../../bridge';
import { fieldBinder, FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { Select } from '../../components/Select';
import { reloadProviders, useCatalogStore } from '../../stores/catalog';
import { showToast } from '../../stores/toasts';
import {
  customModelFromForm,
  EMPTY_CUSTOM_MODEL,
  type CustomModelForm,
  type FormErrors,
} from './custom-model-form';

const CAPABILITIES = [
  { key: 'vision', label: 'Vision (reads images)' },
  { key: 'tools', label: 'Tools' },
  { key: 'structuredOutput', label: 'Structured output (JSON schema)' },
  { key: 'reasoning', label: 'Reasoning' },
] as const;

const TIERS = [
  { value: '1', label: '1 — small or local' },
  { value: '2', label: '2 — mini / flash class' },
  { value: '3', label: '3 — GPT-4.1 mini / Haiku class' },
  { value: '4', label: '4 — GPT-4.1 / Sonnet class' },
  { value: '5', label: '5 — frontier' },
];

/** Adds (or changes) a model the catalogue does not know: a fine-tune, a local model, a new release. */
export function CustomModelDialog({
  open,
  initial,
  onClose,
}: {
  open: boolean;
  initial: CustomModelForm | null;
  onClose: () => void;
}) {
  const providers = useCatalogStore((s) => s.providers);
  const [form, setForm] = useState<CustomModelForm>(initial ?? EMPTY_CUSTOM_MODEL);
  const [errors, setErrors] = useState<FormErrors<keyof CustomModelForm>>({});
  const editing = initial !== null;
  const set = <K extends keyof CustomModelForm>(key: K, value: CustomModelForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const bind = fieldBinder(form, set, errors);
  const provider = form.provider || providers[0]?.id || '';

  const save = async () => {
    const checked = customModelFromForm({ ...form, provider });
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return false;
    const saved = await bridge.call('models.upsertCustom', { model: checked.model });
    showToast({ message: `${saved.displayName} saved.`, tone: 'success' });
    await reloadProviders();
    return true;
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={editing ? 'Change custom model' : 'Add a custom model'}
      description="For models the catalogue does not list. Prices left blank are unknown: their costs show as unknown, never as $0."
      submitLabel="Save model"
      onSubmit={save}
    >
      <Select
        label="Provider"
        value={provider}
        options={providers.map((p) => ({ value: p.id, label: p.label }))}
        onChange={(v) => set('provider', v)}
        disabled={editing}
      />
      <Field
        {...bind('model')}
        label="Model name at the provider"
        placeholder="e.g. my-fine-tune-1"
        error={errors.model ?? errors.provider}
        disabled={editing}
        spellCheck={false}
      />
      <Field {...bind('displayName')} label="Display name" placeholder="As it appears in the pickers" />
      <Select
        label="Quality"
        value={form.qualityTier}
        options={TIERS}
        onChange={(v) => set('qualityTier', v)}
      />
      <Field {...bind('contextWindow')} label="Context window (tokens)" inputMode="numeric" />
      <Field {...bind('maxOutputTokens')} label="Longest answer (tokens)" inputMode="numeric" />
      <Field
        {...bind('inputPerM')}
        label="Input price ($ per million tokens)"
        inputMode="decimal"
        placeholder="unknown"
      />
      <Field
        {...bind('outputPerM')}
        label="Output price ($ per million tokens)"
        inputMode="decimal"
        placeholder="unknown"
      />
      <fieldset className="checks form-grid-wide">
        <legend className="field-label">Can</legend>
        {CAPABILITIES.map(({ key, label }) => (
          <label key={key} className="check-row">
            <input
              type="checkbox"
              checked={form.capabilities[key]}
              onChange={(e) => set('capabilities', { ...form.capabilities, [key]: e.target.checked })}
            />
            {label}
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
