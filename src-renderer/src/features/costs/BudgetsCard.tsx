import { Pencil } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import type { Conversation } from '@contract/conversations';
import type { Budgets, BudgetStatus } from '@contract/ledger';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { openConversation } from '../../stores/chat';
import { navigate } from '../../stores/app';
import { BudgetDialog } from './BudgetDialog';
import { formatShare } from '@contract/format';
import { formatLowerBound, formatMicros } from '@contract/money';

const TONE: Record<BudgetStatus['state'], 'accent' | 'warning' | 'danger'> = {
  ok: 'accent',
  warning: 'warning',
  exceeded: 'danger',
};

const STATE_WORDS: Record<BudgetStatus['state'], string> = {
  ok: 'within budget',
  warning: 'past the warning level',
  exceeded: 'used up',
};

/** A budget as a bar: spent (and held by calls in progress) against the limit, the warning level marked. */
export function BudgetBar({
  label,
  heading,
  spentMicros,
  reservedMicros = 0,
  limitMicros,
  warnAtPercent,
  state,
  unknown,
}: {
  /** The bar's accessible name; shown as its heading unless `heading` is given. */
  label: string;
  heading?: ReactNode;
  spentMicros: number;
  reservedMicros?: number;
  limitMicros: number;
  warnAtPercent: number;
  state: BudgetStatus['state'];
  /** Some of the spend is of unknown cost: the figure is a lower bound. */
  unknown?: boolean;
}) {
  const spent = formatLowerBound(spentMicros, unknown ?? false);
  const held = reservedMicros > 0 ? ` (+${formatMicros(reservedMicros)} held by calls in progress)` : '';
  const text = `${spent} of ${formatMicros(limitMicros)}${held}: ${formatShare(spentMicros, limitMicros)}, ${STATE_WORDS[state]}. Warns at ${warnAtPercent} %.`;
  return (
    <div className={`budget budget-${state}`}>
      <div className="budget-head">
        <span className="budget-label">{heading ?? label}</span>
        <span className="budget-figures">
          {spent} <span className="budget-of">of {formatMicros(limitMicros)}</span>
        </span>
      </div>
      <ProgressBar
        label={label}
        value={spentMicros}
        max={limitMicros}
        warnAt={(limitMicros * warnAtPercent) / 100}
        tone={TONE[state]}
        valueText={text}
      />
      <p className="budget-note">
        {formatShare(spentMicros, limitMicros)} used{held} · warns at {warnAtPercent} %
        {state !== 'ok' && <strong className="budget-state"> · {STATE_WORDS[state]}</strong>}
      </p>
    </div>
  );
}

function conversationState(spent: number, budgets: Budgets, limit: number): BudgetStatus['state'] {
  if (spent >= limit) return 'exceeded';
  return spent * 100 >= budgets.warnAtPercent * limit ? 'warning' : 'ok';
}

/** The conversations at or past the warning level of the per-conversation budget, dearest first. */
function useConversationsNearLimit(budgets: Budgets | null, refreshKey: unknown) {
  const [items, setItems] = useState<Conversation[] | null>(null);
  const limit = budgets?.perConversationMicros;
  const warnAt = budgets?.warnAtPercent ?? 80;
  useEffect(() => {
    if (limit === undefined) return;
    let current = true;
    bridge
      .call('conversations.list', { sort: 'cost', minCostMicros: Math.ceil((limit * warnAt) / 100) })
      .then((list) => current && setItems(list.slice(0, 5)))
      .catch(() => current && setItems([]));
    return () => {
      current = false;
    };
  }, [limit, warnAt, refreshKey]);
  return limit === undefined ? null : items;
}

export function BudgetsCard({
  budgets,
  status,
  onSaved,
  refreshKey,
}: {
  budgets: Budgets | null;
  status: BudgetStatus[];
  onSaved: () => void;
  refreshKey: unknown;
}) {
  const [editing, setEditing] = useState(false);
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const monthly = status.find((s) => s.scope === 'monthly');
  const near = useConversationsNearLimit(budgets, refreshKey);
  const overridden = budgets?.overrideUntil !== undefined && budgets.overrideUntil > Date.now();
  const exceeded = status.some((s) => s.state === 'exceeded');

  const overrideForAnHour = async () => {
    if (!budgets) return;
    try {
      await bridge.call('budgets.update', { budgets: { ...budgets, overrideUntil: Date.now() + 3_600_000 } });
      setOverrideError(null);
      onSaved();
    } catch (error) {
      setOverrideError(describeError(error));
    }
  };

  return (
    <section className="cost-card cost-card-wide budgets-card" aria-labelledby="budgets-title">
      <header className="cost-card-header">
        <h2 id="budgets-title" className="cost-card-title">
          Budgets
        </h2>
        <Button size="sm" icon={<Pencil size={13} aria-hidden />} onClick={() => setEditing(true)}>
          Edit budgets
        </Button>
      </header>
      {budgets && budgets.monthlyMicros === undefined && budgets.perConversationMicros === undefined && (
        <p className="budget-note">
          No budget is set. A monthly budget or one per conversation warns you as spending nears it and stops
          calls once it is used up.
        </p>
      )}
      <div className="budgets-body">
        {monthly && (
          <BudgetBar
            label="This month"
            spentMicros={monthly.spentMicros}
            reservedMicros={monthly.reservedMicros}
            limitMicros={monthly.limitMicros}
            warnAtPercent={monthly.warnAtPercent}
            state={monthly.state}
          />
        )}
        {budgets?.perConversationMicros !== undefined && (
          <div className="budget-conversations">
            <h3 className="budget-subtitle">
              Per conversation: {formatMicros(budgets.perConversationMicros)}
            </h3>
            {near === null ? null : near.length === 0 ? (
              <p className="budget-note">
                No conversation has reached {budgets.warnAtPercent} % of its budget.
              </p>
            ) : (
              <ul className="budget-list">
                {near.map((conversation) => (
                  <li key={conversation.id}>
                    <BudgetBar
                      label={`“${conversation.title || 'Untitled'}”`}
                      heading={
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            openConversation(conversation);
                            navigate('chat');
                          }}
                        >
                          {conversation.title || 'Untitled'}
                        </button>
                      }
                      spentMicros={conversation.costMicros}
                      limitMicros={budgets.perConversationMicros!}
                      warnAtPercent={budgets.warnAtPercent}
                      state={conversationState(
                        conversation.costMicros,
                        budgets,
                        budgets.perConversationMicros!,
                      )}
                      unknown={conversation.costUnknown}
                    />
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {overridden && budgets?.overrideUntil !== undefined && (
        <p className="budget-note">
          Budgets are overridden until{' '}
          {new Date(budgets.overrideUntil).toLocaleTimeString('en-GB', {
            hour: '2-digit',
            minute: '2-digit',
          })}
          : calls go through even past a limit.
        </p>
      )}
      {exceeded && !overridden && (
        <div className="budget-override">
          <p className="budget-note">A budget is used up: calls it covers are refused until you raise it.</p>
          <Button size="sm" onClick={() => void overrideForAnHour()}>
            Let calls through for an hour
          </Button>
          {overrideError && <p className="field-error">{overrideError}</p>}
        </div>
      )}
      <BudgetDialog
        open={editing}
        budgets={budgets}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          onSaved();
        }}
      />
    </section>
  );
}
