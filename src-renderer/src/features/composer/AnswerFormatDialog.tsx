import { useState } from 'react';
import { Button } from '../../components/Button';
import { FormDialog } from '../../components/FormDialog';
import { parseAnswerSchema, type AnswerSchema } from '../../lib/answer-schema';

const EXAMPLE = `{
  "title": "Receipt",
  "type": "object",
  "properties": {
    "merchant": { "type": "string" },
    "total": { "type": "number" },
    "currency": { "type": "string" }
  },
  "required": ["merchant", "total", "currency"]
}`;

/**
 * "Answer as JSON": the schema answers must follow. Main checks each answer against it and asks the model once to
 * fix an answer that does not match; the chat shows the result as a table or tree beside the raw JSON.
 */
export function AnswerFormatDialog({
  current,
  onSave,
  onClose,
}: {
  current: AnswerSchema | undefined;
  onSave: (schema: AnswerSchema | null) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(current?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = parseAnswerSchema(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return false;
    }
    onSave(parsed.value);
    return true;
  };
  return (
    <FormDialog
      onClose={onClose}
      title="Answer as JSON"
      description="Paste a JSON schema. Each answer is checked against it (and fixed once by the model if it does not match), then shown as a table or tree beside the raw JSON."
      layout="stack"
      submitLabel="Use this schema"
      submitDisabled={!text.trim()}
      onSubmit={save}
      actions={
        current && (
          <Button
            variant="ghost"
            onClick={() => {
              onSave(null);
              onClose();
            }}
          >
            Remove the format
          </Button>
        )
      }
    >
      <div className="field">
        <label className="field-label" htmlFor="answer-schema">
          JSON schema
        </label>
        <textarea
          id="answer-schema"
          className="textarea schema-input"
          value={text}
          spellCheck={false}
          placeholder={EXAMPLE}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'answer-schema-error' : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <p id="answer-schema-error" className="field-error">
            {error}
          </p>
        )}
        {!text && (
          <Button size="sm" variant="ghost" onClick={() => setText(EXAMPLE)}>
            Start from an example
          </Button>
        )}
      </div>
    </FormDialog>
  );
}
