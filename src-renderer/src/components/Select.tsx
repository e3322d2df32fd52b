import { useId } from 'react';

export type SelectOption<T extends string> = { value: T; label: string };

/** A labelled native select: keyboard and screen readers work as the platform does. */
export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  hideLabel,
  disabled,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<SelectOption<T>>;
  onChange: (value: T) => void;
  hideLabel?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field-label'}>
        {label}
      </label>
      <div className="select-wrap">
        <select
          id={id}
          className="select"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value as T)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
