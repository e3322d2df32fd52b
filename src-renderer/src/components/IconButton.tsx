import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'children'> & {
  /** The accessible name, also shown as a tooltip: required, an icon alone says nothing to a screen reader. */
  label: string;
  icon: ReactNode;
  size?: 'sm' | 'md';
  variant?: 'ghost' | 'secondary' | 'primary' | 'danger';
  tooltip?: 'top' | 'bottom' | 'none';
  /** A keyboard shortcut, as `aria-keyshortcuts` writes it (`Control+Shift+O`); shown in the tooltip. */
  shortcut?: string;
  ref?: Ref<HTMLButtonElement>;
};

/** `Control+Shift+O` as people read it on this platform: ⌘⇧O on a Mac, Ctrl+Shift+O elsewhere. */
export function shortcutText(shortcut: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  if (!mac) return shortcut.replace('Control', 'Ctrl');
  return shortcut.replace('Control+', '⌘').replace('Meta+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}

export function IconButton({
  label,
  icon,
  size = 'md',
  variant = 'ghost',
  tooltip = 'top',
  shortcut,
  className,
  type = 'button',
  ...rest
}: IconButtonProps) {
  const classes = ['icon-btn', `btn-${variant}`, size === 'sm' ? 'icon-btn-sm' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <span className="tooltip-anchor">
      <button type={type} aria-label={label} aria-keyshortcuts={shortcut} className={classes} {...rest}>
        {icon}
      </button>
      {tooltip !== 'none' && (
        <span className={`tooltip tooltip-${tooltip}`} aria-hidden="true">
          {label}
          {shortcut && <kbd className="tooltip-kbd">{shortcutText(shortcut)}</kbd>}
        </span>
      )}
    </span>
  );
}
