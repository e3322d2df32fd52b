import './cost-details.css';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ConversationCost } from '@contract/bridge';
import type { Budgets } from '@contract/ledger';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { useCatalogStore } from '../../stores/catalog';
import { BudgetBar } from './BudgetsCard';
import { CostTable, TableExport } from './CostTable';
import { conversationBreakdown, inputTokensOf, outputTokensOf } from './dashboard-tables';
import { namesFrom } from './names';
import { plainPreview } from './preview';
import { formatShare, formatTokens } from '@contract/format';
import { formatCostTotal, formatMicros } from '@contract/money';

type Review =
  | { status: 'loading' }
  | { status: 'ready'; cost: ConversationCost; budgets: Budgets | null }
  | { status: 'error'; error: string };

function useReview(conversationId: string, attempt: number): Review {
  const [review, setReview] = useState<Review>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    Promise.all([
      bridge.call('costs.conversation', { conversationId }),
      bridge
        .call('budgets.get', {})
        .then((b) => b.budgets)
        .catch(() => null),
    ])
      .then(([cost, budgets]) => current && setReview({ status: 'ready', cost, budgets }))
      .catch((error: unknown) => current && setReview({ status: 'error', error: describeError(error) }));
    return () => {
      current = false;
    };
  }, [conversationId, attempt]);
  return review;
}

function Tile({ term, value, note }: { term: string; value: string; note?: string }) {
  return (
    <div className="cost-review-tile">
      <dt>{term}</dt>
      <dd>{value}</dd>
      {note && <dd className="cost-review-tile-note">{note}</dd>}
    </div>
  );
}

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="cost-review-section" aria-label={title}>
      <div className="cost-review-section-head">
        <h3>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

function conversationBudgetState(spent: number, limit: number, warnAtPercent: number) {
  if (spent >= limit) return 'exceeded' as const;
  return spent * 100 >= warnAtPercent * limit ? ('warning' as const) : ('ok' as const);
}

/**
 * The cost review of one conversation: total cost and tokens, by model and by provider, what retries, fallbacks
 * and failed attempts cost, what the cache saved, and the most expensive messages, each a link to it.
 */
export function ConversationCostPanel({
  conversationId,
  title,
  onOpenMessage,
}: {
  conversationId: string;
  title: string;
  onOpenMessage: (messageId: string) => void;
}) {
  const [attempt, setAttempt] = useState(0);
  const review = useReview(conversationId, attempt);
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const profiles = useCatalogStore((s) => s.profiles);
  const names = useMemo(() => namesFrom({ models, providers, profiles }), [models, providers, profiles]);

  if (review.status === 'loading') return <p aria-busy="true">Adding up the calls…</p>;
  if (review.status === 'error') {
    return (
      <ErrorCallout
        title="The cost review could not be loaded"
        actions={
          <Button size="sm" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </Button>
        }
      >
        {review.error}
      </ErrorCallout>
    );
  }

  const { cost, budgets } = review;
  const totals = cost.totals;
  const total = { costMicros: cost.totalMicros, unknownCostCalls: cost.unknownCostCalls };
  const byModel = conversationBreakdown(cost.byModel, 'model', names, title);
  const byProvider = conversationBreakdown(cost.byProvider, 'provider', names, title);
  const limit = budgets?.perConversationMicros;

  if (totals.requests === 0) {
    return <p className="cost-review-note">No provider call has been made for this conversation yet.</p>;
  }

  return (
    <div className="cost-review">
      <dl className="cost-review-tiles">
        <Tile
          term="Total cost"
          value={formatCostTotal(total, { short: true })}
          note={total.unknownCostCalls > 0 ? formatCostTotal(total) : undefined}
        />
        <Tile
          term="Tokens"
          value={`${formatTokens(inputTokensOf(totals))} in`}
          note={`${formatTokens(outputTokensOf(totals))} out`}
        />
        <Tile
          term="Calls"
          value={formatTokens(totals.requests)}
          note={`${formatTokens(totals.errors)} failed`}
        />
        <Tile
          term="Retries, fallbacks, failures"
          value={formatMicros(cost.overheadMicros)}
          note={`${formatShare(cost.overheadMicros, cost.totalMicros)} of the known cost`}
        />
        <Tile term="Saved by the cache" value={formatMicros(cost.savedByCacheMicros)} />
      </dl>

      {limit !== undefined && budgets && (
        <BudgetBar
          label="Budget of this conversation"
          spentMicros={cost.totalMicros}
          limitMicros={limit}
          warnAtPercent={budgets.warnAtPercent}
          state={conversationBudgetState(cost.totalMicros, limit, budgets.warnAtPercent)}
          unknown={cost.unknownCostCalls > 0}
        />
      )}

      <Section title="Most expensive messages">
        {cost.topMessages.length === 0 ? (
          <p className="cost-review-note">No message has a known cost above $0.</p>
        ) : (
          <ol className="cost-review-messages">
            {cost.topMessages.map((message) => (
              <li key={message.messageId}>
                <button
                  type="button"
                  className="cost-review-message"
                  onClick={() => onOpenMessage(message.messageId)}
                >
                  <span className="cost-review-message-preview">
                    {plainPreview(message.preview) || 'An answer without text'}
                  </span>
                  <span className="cost-review-message-cost">{formatMicros(message.costMicros)}</span>
                  {message.model && (
                    <span className="cost-review-message-model">{names.model(message.model)}</span>
                  )}
                </button>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title="By model" actions={<TableExport table={byModel} />}>
        <CostTable table={byModel} hideCaption />
      </Section>
      <Section title="By provider" actions={<TableExport table={byProvider} />}>
        <CostTable table={byProvider} hideCaption />
      </Section>
      <p className="cost-review-note">
        The total counts every call: failed attempts, retries and fallbacks included. A cached answer costs
        nothing; what its original call cost is counted as saved.
        {cost.unknownCostCalls > 0 &&
          ` ${cost.unknownCostCalls} ${cost.unknownCostCalls === 1 ? 'call has' : 'calls have'} no known price, so the total is a lower bound: set the prices in Settings → Models.`}
      </p>
    </div>
  );
}
