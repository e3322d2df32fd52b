import './conversation-order-form.css';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { RadioGroup } from '../../components/RadioGroup';
import { setConversationOrder, type ConversationOrder } from '../../stores/conversations';
import { dollarsInput, parseDollars } from '@contract/money';

/** Sort by activity or by cost, and a minimum cost; Apply reloads the list, Reset returns to activity. */
export function ConversationOrderForm({ order, onDone }: { order: ConversationOrder; onDone: () => void }) {
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
      <RadioGroup
        legend="Order"
        className="conversation-order-sort"
        legendClassName=""
        value={sort}
        onChange={setSort}
        options={[
          { value: 'activity', label: 'Recent activity' },
          { value: 'cost', label: 'Highest cost' },
        ]}
      />
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
