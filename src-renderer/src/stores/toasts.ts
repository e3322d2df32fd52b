import { create } from 'zustand';

export type Toast = {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'error';
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes by itself; 0 keeps it until dismissed. */
  timeoutMs: number;
};

type ToastState = { toasts: Toast[] };

export const useToastStore = create<ToastState>(() => ({ toasts: [] }));

let nextId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismissToast(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  useToastStore.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/** Shows a toast (at most four at once: the oldest goes). Returns its id. */
export function showToast(
  toast: Omit<Toast, 'id' | 'timeoutMs' | 'tone'> & Partial<Pick<Toast, 'timeoutMs' | 'tone'>>,
): number {
  const id = nextId++;
  const full: Toast = { tone: 'info', timeoutMs: toast.action ? 8000 : 4000, ...toast, id };
  useToastStore.setState((s) => ({ toasts: [...s.toasts, full].slice(-4) }));
  if (full.timeoutMs > 0)
    timers.set(
      id,
      setTimeout(() => dismissToast(id), full.timeoutMs),
    );
  return id;
}

export function showError(message: string): number {
  return showToast({ message, tone: 'error', timeoutMs: 8000 });
}
