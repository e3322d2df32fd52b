import { useId, type ReactNode } from 'react';

export type RadioOption<T extends string> = { value: T; label: ReactNode; disabled?: boolean };

type RadioGroupProps<T extends string> = {
  legend: string;
  value: T;
  options: readonly RadioOption<T>[];
  onChange: (value: T) => void;
  className?: string;
  legendClassName?: string;
};

/** A fieldset of radio buttons, one per option, named by its legend; arrow keys move between them (native). */
export function RadioGroup<T extends string>({
  legend,
  value,
  options,
  onChange,
  className = 'checks',
  legendClassName = 'field-label',
}: RadioGroupProps<T>) {
  const name = useId();
  return (
    <fieldset className={className}>
      <legend className={legendClassName || undefined}>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="check-row">
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={option.disabled}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
