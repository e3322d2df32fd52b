import { useId, type ReactElement, type ReactNode } from 'react';

/**
 * A hint shown on hover and on keyboard focus (CSS only, after a short delay), linked to its target with
 * aria-describedby so screen readers read it too. For icon buttons, IconButton shows its label this way.
 */
export function Tooltip({
  content,
  side = 'top',
  children,
}: {
  content: ReactNode;
  side?: 'top' | 'bottom';
  children: (describedBy: string) => ReactElement;
}) {
  const id = useId();
  return (
    <span className="tooltip-anchor">
      {children(id)}
      <span id={id} role="tooltip" className={`tooltip tooltip-${side}`}>
        {content}
      </span>
    </span>
  );
}
