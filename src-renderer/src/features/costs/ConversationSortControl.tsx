import { ArrowDownWideNarrow } from 'lucide-react';
import './conversation-order.css';
import { lazy, Suspense, useCallback, useId, useRef, useState } from 'react';
import { IconButton } from '../../components/IconButton';
import { useOutsidePress, usePopoverPosition } from '../../components/popover';
import { useConversationsStore, type ConversationOrder } from '../../stores/conversations';
import { formatMicros } from '@contract/money';

// The form loads when the control is first opened, not with the sidebar.
const ConversationOrderForm = lazy(() =>
  import('./ConversationOrderForm').then((m) => ({ default: m.ConversationOrderForm })),
);

/** `by cost, at least $0.10` for the button's name; empty when the list is in its usual order. */
export function orderWords(order: ConversationOrder): string {
  const parts: string[] = [];
  if (order.sort === 'cost') parts.push('dearest first');
  if (order.minCostMicros !== null) parts.push(`costing at least ${formatMicros(order.minCostMicros)}`);
  return parts.join(', ');
}

/** The sidebar's control to sort conversations by cost and keep only those above a cost. */
export function ConversationSortControl() {
  const order = useConversationsStore((s) => s.order);
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const style = usePopoverPosition(trigger, open, 'bottom-start');
  const close = useCallback(() => setOpen(false), []);
  useOutsidePress([trigger, panel], open, close);
  const words = orderWords(order);

  return (
    <>
      <IconButton
        ref={trigger}
        label={words ? `Sort and filter conversations (${words})` : 'Sort and filter conversations'}
        tooltip={open ? 'none' : 'bottom'}
        className={words ? 'is-active' : undefined}
        icon={<ArrowDownWideNarrow size={16} />}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      />
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Sort and filter conversations"
          className="popover conversation-order"
          style={style}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            setOpen(false);
            trigger.current?.focus();
          }}
        >
          <Suspense fallback={<p className="conversation-order-loading">Loading…</p>}>
            <ConversationOrderForm
              order={order}
              onDone={() => {
                setOpen(false);
                trigger.current?.focus();
              }}
            />
          </Suspense>
        </div>
      )}
    </>
  );
}
