import { ChevronDown, Check, Search } from 'lucide-react';
import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { matchesQuery } from './match';
import { usePopoverPosition, useOutsidePress, type Placement } from './popover';

export type ComboOption = {
  value: string;
  label: string;
  /** Shown under the label. */
  description?: ReactNode;
  /** Shown at the end of the row (badges, prices). */
  trailing?: ReactNode;
  group?: string;
  disabled?: boolean;
  /** Extra words the search matches (provider, model id). */
  keywords?: string;
};

/**
 * A picker: a button (role combobox, named by `label`) that opens a searchable, grouped listbox. Arrows move the
 * active option, Enter chooses, Escape closes and returns focus, typing on the closed button starts a search.
 */
export function Combobox({
  label,
  value,
  options,
  onChange,
  placeholder = 'Choose…',
  searchLabel,
  emptyText = 'Nothing matches.',
  renderValue,
  placement = 'bottom-start',
  footer,
}: {
  label: string;
  value: string | null;
  options: readonly ComboOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  searchLabel?: string;
  emptyText?: string;
  renderValue?: (option: ComboOption | undefined) => ReactNode;
  placement?: Placement;
  footer?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const listId = `${baseId}-list`;
  const optionId = (v: string) => `${baseId}-opt-${v.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const style = usePopoverPosition(trigger, open, placement);

  const selected = options.find((o) => o.value === value);
  const visible = useMemo(() => options.filter((o) => matchesQuery(o, query)), [options, query]);
  const enabled = visible.filter((o) => !o.disabled);
  const groups = useMemo(() => {
    const map = new Map<string, ComboOption[]>();
    for (const option of visible) {
      const key = option.group ?? '';
      map.set(key, [...(map.get(key) ?? []), option]);
    }
    return [...map.entries()];
  }, [visible]);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    setQuery('');
    if (refocus) trigger.current?.focus();
  }, []);
  const closeOutside = useCallback(() => close(false), [close]);
  useOutsidePress([trigger, popover], open, closeOutside);

  const openWith = (initialQuery = '') => {
    setQuery(initialQuery);
    setActive(value ?? options.find((o) => !o.disabled)?.value ?? null);
    setOpen(true);
    requestAnimationFrame(() => search.current?.focus());
  };

  const choose = (option: ComboOption) => {
    if (option.disabled) return;
    onChange(option.value);
    close(true);
  };

  const moveActive = (delta: number) => {
    if (enabled.length === 0) return;
    const index = enabled.findIndex((o) => o.value === active);
    const next = enabled[(index + delta + enabled.length) % enabled.length]!;
    setActive(next.value);
    document.getElementById(optionId(next.value))?.scrollIntoView({ block: 'nearest' });
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') moveActive(1);
    else if (event.key === 'ArrowUp') moveActive(-1);
    else if (event.key === 'Enter') {
      const option = enabled.find((o) => o.value === active) ?? enabled[0];
      if (option) choose(option);
    } else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  const activeVisible = enabled.some((o) => o.value === active) ? active : (enabled[0]?.value ?? null);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        role="combobox"
        aria-label={label}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        className="combo-trigger"
        onClick={() => (open ? close(false) : openWith())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openWith();
          } else if (
            event.key.length === 1 &&
            !event.metaKey &&
            !event.ctrlKey &&
            !event.altKey &&
            event.key !== ' '
          ) {
            event.preventDefault();
            openWith(event.key);
          }
        }}
      >
        <span className="combo-value">
          {renderValue
            ? renderValue(selected)
            : (selected?.label ?? <span className="combo-placeholder">{placeholder}</span>)}
        </span>
        <ChevronDown size={14} className="combo-chevron" aria-hidden />
      </button>
      {open && (
        <div ref={popover} className="popover combo-popover" style={style}>
          <div className="combo-search">
            <Search size={14} aria-hidden />
            <input
              ref={search}
              type="search"
              className="combo-search-input"
              aria-label={searchLabel ?? `Search ${label.toLowerCase()}`}
              aria-controls={listId}
              aria-activedescendant={activeVisible ? optionId(activeVisible) : undefined}
              aria-autocomplete="list"
              placeholder={searchLabel ?? `Search ${label.toLowerCase()}`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onSearchKey}
            />
          </div>
          <div id={listId} role="listbox" aria-label={label} className="combo-list">
            {visible.length === 0 && <p className="combo-empty">{emptyText}</p>}
            {groups.map(([group, items]) => {
              const rows = items.map((option) => (
                <div
                  key={option.value}
                  id={optionId(option.value)}
                  role="option"
                  aria-selected={option.value === value}
                  aria-disabled={option.disabled || undefined}
                  className={`combo-option${option.value === activeVisible ? ' is-active' : ''}${option.disabled ? ' is-disabled' : ''}`}
                  onPointerMove={() => !option.disabled && setActive(option.value)}
                  onClick={() => choose(option)}
                >
                  <span className="combo-check" aria-hidden>
                    {option.value === value && <Check size={14} />}
                  </span>
                  <span className="combo-option-main">
                    <span className="combo-option-label">{option.label}</span>
                    {option.description && (
                      <span className="combo-option-description">{option.description}</span>
                    )}
                  </span>
                  {option.trailing && <span className="combo-option-trailing">{option.trailing}</span>}
                </div>
              ));
              return group ? (
                <div key={group} role="group" aria-label={group} className="combo-group">
                  <div className="combo-group-label" aria-hidden>
                    {group}
                  </div>
                  {rows}
                </div>
              ) : (
                rows
              );
            })}
          </div>
          {footer && <div className="combo-footer">{footer}</div>}
        </div>
      )}
    </>
  );
}
