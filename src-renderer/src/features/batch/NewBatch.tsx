import { LoaderCircle, Play, Trash2, X } from 'lucide-react';
import { useId, useState } from 'react';
import type { Blocked, CallOutput } from '@contract/bridge';
import { ERROR_WORDS } from '@contract/error-words';
import { attachmentUrl } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { Field } from '../../components/Field';
import { useAppStore } from '../../stores/app';
import { useCatalogStore, useModelNames } from '../../stores/catalog';
import { showToast } from '../../stores/toasts';
import { NavigationOffers } from '../../lib/NavigationOffers';
import { useEstimate } from '../../lib/use-estimate';
import { limitsFor } from '../../lib/images/images';
import { ModelPicker } from '../../components/pickers/ModelPicker';
import { ProfilePicker, profileModelLabel } from '../../components/pickers/ProfilePicker';
import { addImages, clearImages, removeImage, setDraft, startBatch, useBatchStore } from './batch-state';
import { DropZone } from './DropZone';
import { MAX_BATCH_IMAGES } from '@contract/limits';
import { selectImages, type PickedFile } from './dropped-files';
import { parseSchema } from './schema-text';
import { formatTokens } from '@contract/format';
import { formatMicros } from '@contract/money';

type Estimate = CallOutput<'batch.estimate'>;

/** Thumbnails shown before "and N more": enough to check the right folder was picked. */
const SHOWN_THUMBNAILS = 48;

/** Main's verdict on a batch that cannot run: its words, the way out, and models or profiles that could. */
function BlockedPanel({
  blocked,
  onSuggestion,
}: {
  blocked: Blocked;
  onSuggestion: (suggestion: Blocked['suggestions'][number]) => void;
}) {
  return (
    <ErrorCallout
      title="This batch cannot run as it is"
      actions={
        <>
          <NavigationOffers offers={ERROR_WORDS[blocked.error.kind].offers} look="button" />
          {blocked.suggestions.map((s) => (
            <Button key={s.label} size="sm" variant="secondary" onClick={() => onSuggestion(s)}>
              {s.label}
            </Button>
          ))}
        </>
      }
    >
      {blocked.reason}
    </ErrorCallout>
  );
}

function EstimatePanel({ estimate, modelName }: { estimate: Estimate; modelName: (ref: string) => string }) {
  const over =
    estimate.budgetLeftMicros !== null &&
    estimate.maxCostMicros !== null &&
    estimate.maxCostMicros > estimate.budgetLeftMicros;
  return (
    <div className="batch-estimate" aria-live="polite" data-testid="batch-estimate">
      <dl className="batch-figures">
        <div>
          <dt>Images</dt>
          <dd>{estimate.images.toLocaleString('en')}</dd>
        </div>
        <div>
          <dt>Input tokens</dt>
          <dd>about {formatTokens(estimate.inputTokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {estimate.maxCostMicros === null
              ? formatMicros(null)
              : `at most ${formatMicros(estimate.maxCostMicros)}`}
          </dd>
        </div>
        <div>
          <dt>Budget left</dt>
          <dd>
            {estimate.budgetLeftMicros === null
              ? 'no monthly budget'
              : formatMicros(estimate.budgetLeftMicros)}
          </dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>{estimate.model ? modelName(estimate.model) : 'none'}</dd>
        </div>
      </dl>
      <p className="batch-estimate-note">
        The most it can cost counts every answer at the longest length allowed; most answers are far shorter.
      </p>
      {over && (
        <ErrorCallout tone="warning" title="This batch could cost more than the budget left">
          It pauses by itself if the budget runs out; raise the budget in Costs to let it finish.
        </ErrorCallout>
      )}
    </div>
  );
}

/** The form for a new job: images, prompt, profile and model, an optional JSON schema, the estimate, Start. */
export function NewBatch() {
  const draft = useBatchStore((s) => s.draft);
  const settings = useAppStore((s) => s.settings);
  const profiles = useCatalogStore((s) => s.profiles);
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const health = useCatalogStore((s) => s.health);
  const [starting, setStarting] = useState(false);
  const promptId = useId();
  const schemaId = useId();

  const defaultProfileId = settings?.defaultProfileId ?? 'default';
  const modelName = useModelNames();
  const profileModel = profileModelLabel(
    profiles.find((p) => p.id === (draft.profileId ?? defaultProfileId)),
    profiles,
    modelName,
  );

  const ready = draft.images.filter((i) => i.status === 'ready' && i.attachment);
  const preparing = draft.images.length - ready.length;
  const hashes = ready.map((i) => i.attachment!.hash);
  const schema = draft.useSchema ? parseSchema(draft.schemaText) : null;
  const schemaValue = schema && 'schema' in schema ? schema.schema : undefined;
  const target = {
    ...(draft.profileId ? { profileId: draft.profileId } : {}),
    ...(draft.model ? { model: draft.model } : {}),
  };
  const checkable = hashes.length > 0 && preparing === 0 && (!schema || 'schema' in schema);
  const checked = useEstimate(
    'batch.estimate',
    checkable
      ? { prompt: draft.prompt, attachments: hashes, target, ...(schemaValue ? { schema: schemaValue } : {}) }
      : null,
    400,
  );
  const estimate = checked.value;
  const blocked = estimate?.blocked ?? null;
  const error = checked.error;
  // Images are prepared for the provider of the model main's estimate names; for any until there is one.
  const answering = models.find((m) => m.id === estimate?.model);
  const limits = limitsFor(providers.find((p) => p.id === answering?.provider));

  const addFiles = (picked: PickedFile[]) => {
    const room = MAX_BATCH_IMAGES - draft.images.length;
    const { files, skipped, overLimit } = selectImages(picked, Math.max(0, room));
    if (skipped > 0) {
      showToast({
        message: `${skipped} file${skipped === 1 ? ' was' : 's were'} left out: a batch takes PNG, JPEG, GIF and WebP images.`,
      });
    }
    if (overLimit > 0) {
      showToast({
        message: `A batch takes at most ${MAX_BATCH_IMAGES.toLocaleString('en')} images; ${overLimit} were left out.`,
        tone: 'error',
      });
    }
    if (files.length > 0) addImages(files, limits);
  };

  const problem = !draft.prompt.trim()
    ? 'Write the question to ask about every image.'
    : ready.length === 0
      ? 'Add images first.'
      : preparing > 0
        ? `${preparing} image${preparing === 1 ? ' is' : 's are'} still being prepared.`
        : schema && 'problem' in schema
          ? 'Fix the JSON schema first.'
          : blocked || error
            ? 'This batch cannot run as it is (see above).'
            : checked.status === 'checking' && !estimate
              ? 'Checking the batch…'
              : null;

  const start = async () => {
    if (problem || starting) return;
    setStarting(true);
    await startBatch({
      prompt: draft.prompt,
      attachments: hashes,
      target,
      concurrency: draft.concurrency,
      ...(draft.title.trim() ? { title: draft.title.trim() } : {}),
      ...(schemaValue ? { schema: schemaValue } : {}),
    });
    setStarting(false);
  };

  return (
    <div className="batch-new">
      <section className="batch-section" aria-labelledby="batch-images-title">
        <div className="batch-section-head">
          <h2 id="batch-images-title">Images</h2>
          {draft.images.length > 0 && (
            <>
              <span className="batch-count" aria-live="polite">
                {ready.length.toLocaleString('en')} ready
                {preparing > 0 ? `, ${preparing.toLocaleString('en')} being prepared` : ''}
              </span>
              <Button size="sm" variant="ghost" icon={<Trash2 size={14} aria-hidden />} onClick={clearImages}>
                Remove all
              </Button>
            </>
          )}
        </div>
        <DropZone onFiles={addFiles} busy={preparing > 0} />
        {draft.images.length > 0 && (
          <ul className="batch-thumbs" aria-label="Images in this batch">
            {draft.images.slice(0, SHOWN_THUMBNAILS).map((image) => (
              <li key={image.id} className="batch-thumb" title={image.path}>
                {image.attachment ? (
                  <img
                    src={attachmentUrl(image.attachment.hash)}
                    alt={image.name}
                    loading="lazy"
                    decoding="async"
                  />
                ) : (
                  <span className="batch-thumb-busy" role="status" aria-label={`Preparing ${image.name}`}>
                    <LoaderCircle size={16} className="spin" aria-hidden />
                  </span>
                )}
                <button
                  type="button"
                  className="batch-thumb-remove"
                  aria-label={`Remove ${image.name}`}
                  onClick={() => removeImage(image.id)}
                >
                  <X size={12} aria-hidden />
                </button>
              </li>
            ))}
            {draft.images.length > SHOWN_THUMBNAILS && (
              <li className="batch-thumb-more">
                and {(draft.images.length - SHOWN_THUMBNAILS).toLocaleString('en')} more
              </li>
            )}
          </ul>
        )}
      </section>

      <section className="batch-section" aria-labelledby="batch-question-title">
        <h2 id="batch-question-title">Question</h2>
        <div className="field">
          <label htmlFor={promptId} className="field-label">
            Prompt
          </label>
          <textarea
            id={promptId}
            className="textarea batch-textarea"
            rows={4}
            placeholder="What should every image be asked? For example: What product is this, and what colour is it?"
            value={draft.prompt}
            onChange={(e) => setDraft({ prompt: e.target.value })}
          />
        </div>
        <div className="batch-targets" role="group" aria-labelledby="batch-target-label">
          <span id="batch-target-label" className="field-label">
            Asked of
          </span>
          <ProfilePicker
            value={draft.profileId ?? defaultProfileId}
            onChange={(profileId) => setDraft({ profileId })}
            profiles={profiles}
            modelName={modelName}
          />
          <ModelPicker
            value={draft.model}
            onChange={(model) => setDraft({ model })}
            models={models}
            providers={providers}
            health={health}
            profileModelName={profileModel}
          />
        </div>
        <div className="batch-options">
          <Field
            label="Title"
            placeholder="Optional: named after the prompt otherwise"
            value={draft.title}
            maxLength={300}
            onChange={(e) => setDraft({ title: e.target.value })}
          />
          <Field
            label="Images at once"
            type="number"
            min={1}
            max={16}
            value={draft.concurrency}
            hint="Calls in flight together; rate limits still apply."
            onChange={(e) => {
              const value = Math.round(Number(e.target.value));
              if (Number.isFinite(value)) setDraft({ concurrency: Math.min(16, Math.max(1, value)) });
            }}
          />
        </div>
        <label className="batch-check">
          <input
            type="checkbox"
            checked={draft.useSchema}
            onChange={(e) => setDraft({ useSchema: e.target.checked })}
          />
          Structured answers: every answer follows a JSON schema (its fields become columns)
        </label>
        {draft.useSchema && (
          <div className="field">
            <label htmlFor={schemaId} className="field-label">
              JSON schema
            </label>
            <textarea
              id={schemaId}
              className="textarea batch-textarea batch-code"
              rows={7}
              spellCheck={false}
              placeholder={
                '{\n  "type": "object",\n  "properties": { "product": { "type": "string" } },\n  "required": ["product"]\n}'
              }
              value={draft.schemaText}
              aria-invalid={schema && 'problem' in schema ? true : undefined}
              aria-describedby={schema && 'problem' in schema ? `${schemaId}-problem` : undefined}
              onChange={(e) => setDraft({ schemaText: e.target.value })}
            />
            {schema && 'problem' in schema && (
              <p id={`${schemaId}-problem`} className="field-error">
                {schema.problem}
              </p>
            )}
          </div>
        )}
      </section>

      <section className="batch-section" aria-labelledby="batch-estimate-title">
        <h2 id="batch-estimate-title">Before it starts</h2>
        {error ? (
          <ErrorCallout title="This batch cannot run as it is">{error}</ErrorCallout>
        ) : blocked ? (
          <BlockedPanel
            blocked={blocked}
            onSuggestion={(s) =>
              setDraft(s.model ? { model: s.model } : { profileId: s.profileId ?? null, model: null })
            }
          />
        ) : estimate ? (
          <EstimatePanel estimate={estimate} modelName={modelName} />
        ) : (
          <p className="batch-muted">The estimate appears once images are added.</p>
        )}
        {checked.status === 'checking' && estimate && (
          <p className="batch-muted" role="status">
            checking…
          </p>
        )}
        <div className="batch-start">
          <Button
            variant="primary"
            icon={<Play size={15} aria-hidden />}
            disabled={problem !== null || starting}
            aria-describedby={problem ? 'batch-start-problem' : undefined}
            onClick={() => void start()}
          >
            {starting
              ? 'Starting…'
              : `Start batch of ${ready.length.toLocaleString('en')} image${ready.length === 1 ? '' : 's'}`}
          </Button>
          {problem && (
            <p id="batch-start-problem" className="batch-muted">
              {problem}
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
