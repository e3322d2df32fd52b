import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type RefObject,
} from 'react';

export type Placement = 'bottom-start' | 'bottom-end' | 'top-start' | 'top-end';

const GAP = 4;
const MARGIN = 8;

/**
 * Positions a popover (menu, listbox) against its trigger with fixed coordinates, so no scrolling container clips
 * it; it flips above when there is more room there, and follows the trigger on resize and scroll.
 */
/** Out of the layout flow and invisible until measured (in the flow, it would push its own trigger aside). */
const UNPLACED: CSSProperties = { position: 'fixed', top: 0, left: 0, visibility: 'hidden' };

export function usePopoverPosition(
  trigger: RefObject<HTMLElement | null>,
  open: boolean,
  placement: Placement,
): CSSProperties {
  const [style, setStyle] = useState<CSSProperties>(UNPLACED);

  const place = useCallback(() => {
    const el = trigger.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    const below = window.innerHeight - rect.bottom - GAP - MARGIN;
    const above = rect.top - GAP - MARGIN;
    const wantsTop = placement.startsWith('top');
    const top = wantsTop ? above >= 160 || above > below : below < 160 && above > below;
    const next: CSSProperties = {
      position: 'fixed',
      minWidth: rect.width,
      maxHeight: Math.max(120, top ? above : below),
    };
    if (top) next.bottom = window.innerHeight - rect.top + GAP;
    else next.top = rect.bottom + GAP;
    if (placement.endsWith('end')) next.right = Math.max(MARGIN, window.innerWidth - rect.right);
    else next.left = Math.max(MARGIN, rect.left);
    setStyle(next);
  }, [trigger, placement]);

  useLayoutEffect(() => {
    if (open) place();
    else setStyle(UNPLACED);
  }, [open, place]);

  useEffect(() => {
    if (!open) return;
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open, place]);

  return style;
}

/** Calls `onOutside` for a pointer press outside all of `refs` while `active`. */
export function useOutsidePress(
  refs: ReadonlyArray<RefObject<HTMLElement | null>>,
  active: boolean,
  onOutside: () => void,
): void {
  useEffect(() => {
    if (!active) return;
    const handler = (event: PointerEvent) => {
      const target = event.target as Node;
      if (refs.some((r) => r.current?.contains(target))) return;
      onOutside();
    };
    document.addEventListener('pointerdown', handler, true);
    return () => document.removeEventListener('pointerdown', handler, true);
  }, [refs, active, onOutside]);
}

/** A popover's keydown handler: Escape closes it (and goes no further) and gives focus back to its trigger. */
export function closeOnEscape(close: () => void, trigger: RefObject<HTMLElement | null>) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
    trigger.current?.focus();
  };
}
