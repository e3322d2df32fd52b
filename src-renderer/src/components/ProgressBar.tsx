/** A determinate progress bar with an accessible name and value; `warnAt` marks a threshold (budgets). */
export function ProgressBar({
  label,
  value,
  max = 100,
  warnAt,
  tone = 'accent',
  valueText,
}: {
  label: string;
  value: number;
  max?: number;
  warnAt?: number;
  tone?: 'accent' | 'warning' | 'danger' | 'success';
  valueText?: string;
}) {
  const fraction = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      className={`progress progress-${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      {warnAt !== undefined && max > 0 && (
        <div className="progress-mark" style={{ left: `${Math.min(100, (warnAt / max) * 100)}%` }} />
      )}
    </div>
  );
}
