import { useId, useState, type ReactNode } from 'react';
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
