import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export type TabItem<T extends string> = { id: T; label: string; icon?: ReactNode };

/** Tabs with roving focus: arrows move between tabs and select them, Home/End jump to the ends. */
export function Tabs<T extends string>({
  label,
  tabs,
  value,
  onChange,
  children,
  orientation = 'horizontal',
}: {
  label: string;
  tabs: ReadonlyArray<TabItem<T>>;
  value: T;
  onChange: (value: T) => void;
  children: ReactNode;
  orientation?: 'horizontal' | 'vertical';
}) {
  const baseId = useId();
  const list = useRef<HTMLDivElement>(null);
  const tabId = (id: string) => `${baseId}-tab-${id}`;
  const panelId = `${baseId}-panel`;

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === value);
    const prev = orientation === 'vertical' ? 'ArrowUp' : 'ArrowLeft';
    const next = orientation === 'vertical' ? 'ArrowDown' : 'ArrowRight';
    let target = -1;
    if (event.key === next) target = (index + 1) % tabs.length;
    else if (event.key === prev) target = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = tabs.length - 1;
    if (target < 0) return;
    event.preventDefault();
    const tab = tabs[target]!;
    onChange(tab.id);
    requestAnimationFrame(() => document.getElementById(tabId(tab.id))?.focus());
  };

  return (
    <div className={`tabs tabs-${orientation}`}>
      <div
        ref={list}
        role="tablist"
        aria-label={label}
        aria-orientation={orientation}
        className="tab-list"
        onKeyDown={onKey}
      >
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={tabId(tab.id)}
            type="button"
            role="tab"
            aria-selected={tab.id === value}
            aria-controls={panelId}
            tabIndex={tab.id === value ? 0 : -1}
            className="tab"
            onClick={() => onChange(tab.id)}
          >
            {tab.icon}
            {tab.label}
          </button>
        ))}
      </div>
      <div id={panelId} role="tabpanel" aria-labelledby={tabId(value)} className="tab-panel" tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
