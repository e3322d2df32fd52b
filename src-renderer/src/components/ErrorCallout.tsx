import { CircleExclamationPoint, TriangleExclamationPoint } from 'lucide-react';
import type { ReactNode } from 'react';

/** An error (or warning) in place, with what to do about it as buttons. */
export function ErrorCallout({
  title,
  children,
  actions,
  tone = 'danger',
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  tone?: 'danger' | 'warning';
}) {
  const Icon = tone === 'danger' ? CircleExclamationPoint : TriangleExclamationPoint;
  return (
    <div className={`callout callout-${tone}`} role="alert">
      <Icon className="callout-icon" size={18} aria-hidden />
      <div className="callout-body">
        <p className="callout-title">{title}</p>
        {children && <div className="callout-text">{children}</div>}
        {actions && <div className="callout-actions">{actions}</div>}
      </div>
    </div>
  );
}
