import { ArrowDown, ArrowUp, X } from 'lucide-react';
import { useState } from 'react';
import type { Profile } from '@contract/profiles';
import { bridge } from '../../bridge';
import { fieldBinder, FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { IconButton } from '../../components/IconButton';
import { Select } from '../../components/Select';
import { loadCatalog, useCatalogStore, useModelNames } from '../../stores/catalog';
import { showToast } from '../../stores/toasts';
import { ModelPicker } from '../../components/pickers/ModelPicker';
import type { FormErrors } from './custom-model-form';
import { profileFromForm, type ProfileForm } from './profile-form';

const CONTEXT_MODES = [
  { value: 'refuse', label: 'Refuse, saying by how much it is too long' },
  { value: 'drop-oldest', label: 'Leave out the oldest turns' },
  { value: 'summarize', label: 'Summarize the oldest turns' },
] as const;

const FLOORS = [
  { value: '1', label: 'Any model' },
  { value: '2', label: 'Mini / Flash class or better' },
  { value: '3', label: 'GPT-4.1 mini / Haiku class or better' },
  { value: '4', label: 'GPT-4.1 / Sonnet class or better' },
  { value: '5', label: 'Frontier models only' },
];

const CACHE = [
  { value: 'auto', label: 'When the temperature is 0' },
  { value: 'on', label: 'Always' },
  { value: 'off', label: 'Never' },
] as const;

/** The fallback chain: models tried in order when the main one is unavailable. */
function FallbackChain({ chain, onChange }: { chain: string[]; onChange: (chain: string[]) => void }) {
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const health = useCatalogStore((s) => s.health);
  const nameOf = useModelNames();
  const move = (from: number, to: number) => {
    const next = [...chain];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  return (
    <fieldset className="chain form-grid-wide">
      <legend className="field-label">Fallback chain</legend>
      {chain.length > 0 ? (
        <ol className="chain-list">
          {chain.map((ref, i) => (
            <li key={ref} className="chain-item">
              <span className="chain-index">{i + 1}</span>
              <span className="chain-name">{nameOf(ref)}</span>
              <IconButton
                label={`Move ${nameOf(ref)} up`}
                size="sm"
                tooltip="none"
                icon={<ArrowUp size={13} />}
                disabled={i === 0}
                onClick={() => move(i, i - 1)}
              />
              <IconButton
                label={`Move ${nameOf(ref)} down`}
                size="sm"
                tooltip="none"
                icon={<ArrowDown size={13} />}
                disabled={i === chain.length - 1}
                onClick={() => move(i, i + 1)}
              />
              <IconButton
                label={`Remove ${nameOf(ref)} from the chain`}
                size="sm"
                tooltip="none"
                icon={<X size={13} />}
                onClick={() => onChange(chain.filter((r) => r !== ref))}
              />
            </li>
          ))}
        </ol>
      ) : (
        <p className="field-hint">
          No fallback: when the model is unavailable, the answer fails with the reason.
        </p>
      )}
      <ModelPicker
        label="Add a fallback model"
        value={null}
        includeProfileChoice={false}
        placeholder="Add a fallback model…"
        onChange={(ref) => ref && !chain.includes(ref) && onChange([...chain, ref])}
        models={models}
        providers={providers}
        health={health}
        profileModelName={null}
      />
    </fieldset>
  );
}

/** Creates or changes a profile: model or Auto, system prompt, parameters, fallback chain and context strategy. */
export function ProfileDialog({
  initial,
  base,
  isNew,
  onClose,
}: {
  initial: ProfileForm;
  /** The profile being changed or copied: what the editor does not show is kept from it. */
  base?: Profile;
  isNew: boolean;
  onClose: () => void;
}) {
  const profiles = useCatalogStore((s) => s.profiles);
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const health = useCatalogStore((s) => s.health);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors<keyof ProfileForm>>({});
  const set = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const bind = fieldBinder(form, set, errors);

  const save = async () => {
    const checked = profileFromForm(form, { base, takenIds: profiles.map((p) => p.id), isNew });
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) return false;
    const saved = await bridge.call('profiles.upsert', { profile: checked.profile });
    showToast({ message: `Profile “${saved.name}” saved.`, tone: 'success' });
    await loadCatalog();
    return true;
  };

  return (
    <FormDialog
      onClose={onClose}
      size="lg"
      title={isNew ? 'New profile' : `Change “${initial.name}”`}
      submitLabel="Save profile"
      onSubmit={save}
    >
      <Field {...bind('name')} label="Name" hint={isNew ? undefined : `Id: ${form.id}`} />
      <Select
        label="Answers with"
        value={form.kind}
        options={[
          { value: 'model', label: 'A model I choose' },
          { value: 'auto', label: 'Auto: the cheapest capable model' },
        ]}
        onChange={(kind) => set('kind', kind)}
      />
      <Field {...bind('description')} className="form-grid-wide" label="Description (optional)" />
      {form.kind === 'model' ? (
        <div className="field form-grid-wide">
          <span className="field-label">Model</span>
          <ModelPicker
            label="Profile model"
            value={form.model || null}
            includeProfileChoice={false}
            onChange={(ref) => set('model', ref ?? '')}
            models={models}
            providers={providers}
            health={health}
            profileModelName={null}
          />
          {errors.model && <p className="field-error">{errors.model}</p>}
        </div>
      ) : (
        <Select
          label="Quality floor"
          value={form.qualityFloor}
          options={FLOORS}
          onChange={(v) => set('qualityFloor', v)}
        />
      )}
      {form.kind === 'model' && <FallbackChain chain={form.fallback} onChange={(c) => set('fallback', c)} />}
      <div className="field form-grid-wide">
        <label className="field-label" htmlFor="profile-system-prompt">
          System prompt (optional)
        </label>
        <textarea
          id="profile-system-prompt"
          className="textarea profile-prompt"
          value={form.systemPrompt}
          placeholder="How the model should behave in every conversation with this profile"
          onChange={(e) => set('systemPrompt', e.target.value)}
        />
      </div>
      <Field {...bind('temperature')} label="Temperature" inputMode="decimal" placeholder="model default" />
      <Field
        {...bind('maxOutputTokens')}
        label="Longest answer (tokens)"
        inputMode="numeric"
        placeholder="model limit"
      />
      <Select
        label="When a conversation outgrows the context window"
        value={form.contextMode}
        options={CONTEXT_MODES}
        onChange={(v) => set('contextMode', v)}
      />
      {form.contextMode === 'summarize' ? (
        <div className="field">
          <span className="field-label">Summaries written by</span>
          <ModelPicker
            label="Summary model"
            value={form.summaryModel || null}
            includeProfileChoice={false}
            placeholder="A cheaper model"
            onChange={(ref) => set('summaryModel', ref ?? '')}
            models={models}
            providers={providers}
            health={health}
            profileModelName={null}
          />
        </div>
      ) : (
        <Select label="Response cache" value={form.cache} options={CACHE} onChange={(v) => set('cache', v)} />
      )}
    </FormDialog>
  );
}
