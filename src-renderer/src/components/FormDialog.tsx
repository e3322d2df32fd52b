import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { describeError } from '../bridge';
import { Button } from './Button';
import { Dialog } from './Dialog';

/**
 * A dialog that holds one form: its fields, Cancel and the submit button (Enter submits too, "Saving…" while it
 * saves), and, when saving failed, "Not saved:" with what went wrong, the fields kept as they were.
 * `onSubmit` returns false when the form's own checks failed (the form shows them and the dialog stays), true
 * when it is done (the dialog closes); what it throws is shown as not saved.
 */
export function FormDialog({
  open = true,
  onClose,
  title,
  description,
  size,
  submitLabel,
  submitDisabled = false,
  actions,
  layout = 'grid',
  onSubmit,
  children,
}: {
  open?: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  submitLabel: string;
  submitDisabled?: boolean;
  /** More buttons, before Cancel. */
  actions?: ReactNode;
  /** `grid`: fields side by side where they fit; `stack`: one under the other. */
  layout?: 'grid' | 'stack';
  onSubmit: () => boolean | Promise<boolean>;
  children: ReactNode;
}) {
  const formId = useId();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    if (saving) return;
    setFailure(null);
    setSaving(true);
    try {
      if (await onSubmit()) onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      size={size}
      footer={
        <>
          {actions}
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={saving || submitDisabled}>
            {saving ? 'Saving…' : submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className={`dialog-form${layout === 'grid' ? ' form-grid' : ''}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {children}
        {failure && (
          <p className={`field-error${layout === 'grid' ? ' form-grid-wide' : ''}`} role="alert">
            Not saved: {failure}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/**
 * Binds a form's text fields: `bind('name')` gives a Field its value, its change handler and its error, for a form
 * held as strings (`set` replaces one value).
 */
export function fieldBinder<F extends object>(
  form: F,
  set: <K extends keyof F>(key: K, value: F[K]) => void,
  errors: Partial<Record<keyof F, string>>,
) {
  return <K extends keyof F>(key: K) => ({
    value: String(form[key] ?? ''),
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value as F[K]),
    error: errors[key] ?? null,
  });
}
