import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'children'> & {
  /** The accessible name, also shown as a tooltip: required, an icon alone says nothing to a screen reader. */
  label: string;
  icon: ReactNode;
  size?: 'sm' | 'md';
  variant?: 'ghost' | 'secondary' | 'primary' | 'danger';
  tooltip?: 'top' | 'bottom' | 'none';
  ref?: Ref<HTMLButtonElement>;
};

export function IconButton({
  label,
  icon,
  size = 'md',
  variant = 'ghost',
  tooltip = 'top',
  className,
  type = 'button',
  ...rest
}: IconButtonProps) {
  const classes = ['icon-btn', `btn-${variant}`, size === 'sm' ? 'icon-btn-sm' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <span className="tooltip-anchor">
      <button type={type} aria-label={label} className={classes} {...rest}>
        {icon}
      </button>
      {tooltip !== 'none' && (
        <span className={`tooltip tooltip-${tooltip}`} aria-hidden="true">
          {label}
        </span>
      )}
    </span>
  );
}
