import { X } from 'lucide-react';
import { dismissToast, useToastStore } from '../stores/toasts';
import { IconButton } from './IconButton';

/** The toast stack: announced politely (errors assertively), each with its action and a close button. */
export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
        >
          <p className="toast-message">{toast.message}</p>
          {toast.action && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                toast.action!.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <IconButton
            label="Dismiss"
            icon={<X size={14} />}
            size="sm"
            tooltip="none"
            onClick={() => dismissToast(toast.id)}
          />
        </div>
      ))}
    </section>
  );
}
