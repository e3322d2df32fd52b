import { useCallback, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { usePopoverPosition, useOutsidePress, type Placement } from './popover';

export type MenuItem = {
  id: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  disabled?: boolean;
  onSelect: () => void;
};

/**
 * A menu button: arrows move between items, Home/End jump, Enter or Space chooses, Escape closes and returns focus
 * to the button, Tab closes.
 */
export function Menu({
  label,
  icon,
  items,
  placement = 'bottom-end',
}: {
  label: string;
  icon: ReactNode;
  items: readonly MenuItem[];
  placement?: Placement;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const style = usePopoverPosition(trigger, open, placement);
  const close = useCallback(() => setOpen(false), []);
  useOutsidePress([trigger, menu], open, close);

  const focusItem = (index: number) => {
    const buttons = [
      ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    if (buttons.length === 0) return;
    buttons[(index + buttons.length) % buttons.length]!.focus();
  };

  const openMenu = (focusLast = false) => {
    setOpen(true);
    requestAnimationFrame(() => focusItem(focusLast ? -1 : 0));
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [
      ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown') focusItem(index + 1);
    else if (event.key === 'ArrowUp') focusItem(index - 1);
    else if (event.key === 'Home') focusItem(0);
    else if (event.key === 'End') focusItem(-1);
    else if (event.key === 'Escape') {
      setOpen(false);
      trigger.current?.focus();
    } else if (event.key === 'Tab') setOpen(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <>
      <span className="tooltip-anchor">
        <button
          ref={trigger}
          type="button"
          className="icon-btn btn-ghost"
          aria-label={label}
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? menuId : undefined}
          onClick={() => (open ? setOpen(false) : openMenu())}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              openMenu(event.key === 'ArrowUp');
            }
          }}
        >
          {icon}
        </button>
        {!open && (
          <span className="tooltip tooltip-bottom" aria-hidden="true">
            {label}
          </span>
        )}
      </span>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          className="popover menu"
          style={style}
          onKeyDown={onMenuKey}
        >
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={item.disabled}
              className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
              onClick={() => {
                setOpen(false);
                trigger.current?.focus();
                item.onSelect();
              }}
            >
              {item.icon}
              <span>{item.label}</span>
            </button>
          ))}
        </div>
      )}
    </>
  );
}
