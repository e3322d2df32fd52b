import { ArrowDownWideNarrow } from 'lucide-react';
import './conversation-order.css';
import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { IconButton } from '../../components/IconButton';
import { useOutsidePress, usePopoverPosition } from '../../components/popover';
import { formatCost } from '../../lib/format';
import {
  setConversationOrder,
  useConversationsStore,
  type ConversationOrder,
} from '../../stores/conversations';
import { dollarsInput, parseDollars } from './cost-format';

/** `by cost, at least $0.10` for the button's name; empty when the list is in its usual order. */
export function orderWords(order: ConversationOrder): string {
  const parts: string[] = [];
  if (order.sort === 'cost') parts.push('dearest first');
  if (order.minCostMicros !== null) parts.push(`costing at least ${formatCost(order.minCostMicros)}`);
  return parts.join(', ');
}

function OrderForm({ order, onDone }: { order: ConversationOrder; onDone: () => void }) {
  const [sort, setSort] = useState(order.sort);
  const [minimum, setMinimum] = useState(
    order.minCostMicros === null ? '' : dollarsInput(order.minCostMicros),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDollars(minimum);
    if ('problem' in parsed) {
      setProblem(parsed.problem);
      return;
    }
    setConversationOrder({ sort, minCostMicros: parsed.micros === 0 ? null : parsed.micros });
    onDone();
  };

  return (
    <form className="conversation-order-form" onSubmit={apply} noValidate>
      <fieldset className="conversation-order-sort">
        <legend>Order</legend>
        <label>
          <input
            type="radio"
            name="sort"
            checked={sort === 'activity'}
            onChange={() => setSort('activity')}
          />
          Recent activity
        </label>
        <label>
          <input type="radio" name="sort" checked={sort === 'cost'} onChange={() => setSort('cost')} />
          Highest cost
        </label>
      </fieldset>
      <div className="field">
        <label className="field-label" htmlFor={`${nameId}-min`}>
          Only those costing at least (US dollars)
        </label>
        <input
          id={`${nameId}-min`}
          className="input"
          inputMode="decimal"
          placeholder="Any cost"
          value={minimum}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${nameId}-problem` : undefined}
          onChange={(e) => {
            setMinimum(e.target.value);
            setProblem(null);
          }}
        />
        {problem && (
          <p id={`${nameId}-problem`} className="field-error">
            {problem}
          </p>
        )}
      </div>
      <div className="conversation-order-actions">
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setConversationOrder({ sort: 'activity', minCostMicros: null });
            onDone();
          }}
        >
          Reset
        </Button>
        <Button size="sm" variant="primary" type="submit">
          Apply
        </Button>
      </div>
    </form>
  );
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
          <OrderForm
            order={order}
            onDone={() => {
              setOpen(false);
              trigger.current?.focus();
            }}
          />
        </div>
      )}
    </>
  );
}
