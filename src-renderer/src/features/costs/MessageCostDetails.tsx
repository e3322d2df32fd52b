import { ReceiptText } from 'lucide-react';
import { lazy, Suspense, useCallback, useId, useRef, useState } from 'react';
import type { Message } from '@contract/conversations';
import { IconButton } from '../../components/IconButton';
import { closeOnEscape, useOutsidePress, usePopoverPosition } from '../../components/popover';

// The details (and their ledger call) load the first time someone opens them, not with the chat.
const MessageCostPanel = lazy(() =>
  import('./MessageCostPanel').then((m) => ({ default: m.MessageCostPanel })),
);

/**
 * An answer's cost in detail, in a popover from its footer: tokens in (uncached, cache read, cache write) and out
 * (text, reasoning), cost, time to first token, total time, the model that answered, each retry and fallback
 * with its own cost, and whether it came from the cache. Escape or a press outside closes it.
 */
export function MessageCostDetails({ message }: { message: Message }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const style = usePopoverPosition(trigger, open, 'top-start');
  const close = useCallback(() => setOpen(false), []);
  useOutsidePress([trigger, panel], open, close);

  return (
    <>
      <IconButton
        ref={trigger}
        label="Cost details"
        size="sm"
        tooltip={open ? 'none' : 'top'}
        icon={<ReceiptText size={13} />}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => event.key === 'Escape' && open && setOpen(false)}
      />
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Cost details of this answer"
          className="popover cost-details"
          style={style}
          onKeyDown={closeOnEscape(() => setOpen(false), trigger)}
        >
          <Suspense fallback={<p className="cost-details-note">Loading…</p>}>
            <MessageCostPanel message={message} />
          </Suspense>
        </div>
      )}
    </>
  );
}
