/**
 * Budgets: a monthly limit and a per-conversation limit (`@contract/ledger` Budgets), a warning at a chosen
 * percentage, and at 100 % calls refused with a `budget` error unless the user overrode.
 *
 * Concurrency-safe by reservation: before a call, `reserve()` holds its maximum cost (input plus the longest
 * allowed answer, `maxRequestCostMicros`) and refuses it when spent + held + this call could pass a limit;
 * after the call's records are in the ledger (which holds the real cost), `settle()` lets the hold go. So calls
 * in parallel cannot together overshoot a budget. Holds live in this process's memory: the ledger is the truth.
 */
import type { Budgets, BudgetStatus } from '@contract/ledger';
import { ERROR_WORDS } from '@contract/error-words';
import { formatMicros } from '@contract/money';
import type { ErrorInfo } from '@contract/usage';
import { ProviderError } from '../providers/errors';
import type { Aggregates } from './aggregate';

export type ReserveRequest = {
  conversationId?: string;
  /** The most the call can cost (`maxRequestCostMicros`); null when its price is unknown. */
  maxCostMicros: number | null;
};

export type Reservation = {
  readonly amountMicros: number;
  /** The call's price is unknown: nothing could be held for it. */
  readonly costUnknown: boolean;
  /** Budgets at or past their warning level once this call is held. */
  readonly warnings: BudgetStatus[];
  /**
   * Lets the hold go: call it once the call's ledger records are appended, or when the call was never sent.
   * Returns by how much the real cost passed the reservation (0 when the estimate held).
   */
  settle(actualCostMicros?: number | null): number;
};

type Scope = {
  scope: BudgetStatus['scope'];
  limit: number;
  spent: number;
  held: number;
  warnAtPercent: number;
};

const ACTION = ERROR_WORDS.budget.action({});

function stateOf(s: Scope): BudgetStatus['state'] {
  if (s.spent >= s.limit) return 'exceeded';
  if ((s.spent + s.held) * 100 >= s.warnAtPercent * s.limit) return 'warning';
  return 'ok';
}

function statusOf(s: Scope): BudgetStatus {
  return {
    scope: s.scope,
    limitMicros: s.limit,
    spentMicros: s.spent,
    reservedMicros: s.held,
    warnAtPercent: s.warnAtPercent,
    state: stateOf(s),
  };
}

function refusal(message: string, action: string): ErrorInfo {
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return { kind: 'budget', message: sentence, action, retryable: false };
}

function budgetName(s: Scope): string {
  return s.scope === 'monthly'
    ? `the monthly budget of ${formatMicros(s.limit)}`
    : `this conversation's budget of ${formatMicros(s.limit)}`;
}

function spentWords(s: Scope): string {
  return `${formatMicros(s.spent)} spent${s.held > 0 ? `, ${formatMicros(s.held)} held by calls in progress` : ''}`;
}

export class BudgetGuard {
  private readonly aggregates: Aggregates;
  private readonly budgets: () => Budgets;
  private readonly now: () => number;
  private readonly holds = new Map<number, { amount: number; conversationId?: string }>();
  private nextHold = 1;

  constructor(aggregates: Aggregates, budgets: () => Budgets, now: () => number = Date.now) {
    this.aggregates = aggregates;
    this.budgets = budgets;
    this.now = now;
  }

  /** Status rows for the UI: the monthly budget, and the conversation's when one is given. */
  status(conversationId?: string): BudgetStatus[] {
    return this.scopes(this.budgets(), conversationId).map(statusOf);
  }

  /** Why a call of this cost would be refused now (which budget, by how much, what to do), or null. */
  check(request: ReserveRequest): ErrorInfo | null {
    const budgets = this.budgets();
    const overridden = budgets.overrideUntil !== undefined && budgets.overrideUntil > this.now();
    if (overridden || request.maxCostMicros === 0) return null;
    for (const scope of this.scopes(budgets, request.conversationId)) {
      const refusal = this.refusalFor(scope, request.maxCostMicros);
      if (refusal) return refusal;
    }
    return null;
  }

  /** Holds a call's maximum cost, or throws a `budget` ProviderError saying which budget and what to do. */
  reserve(request: ReserveRequest): Reservation {
    const refusal = this.check(request);
    if (refusal) throw ProviderError.fromInfo(refusal);
    const budgets = this.budgets();
    const amount = request.maxCostMicros ?? 0;

    const id = this.nextHold++;
    const hold: { amount: number; conversationId?: string } = { amount };
    if (request.conversationId !== undefined) hold.conversationId = request.conversationId;
    this.holds.set(id, hold);
    const warnings = this.scopes(budgets, request.conversationId)
      .map(statusOf)
      .filter((s) => s.state !== 'ok');
    return {
      amountMicros: amount,
      costUnknown: request.maxCostMicros === null,
      warnings,
      settle: (actualCostMicros?: number | null) => {
        this.holds.delete(id);
        return typeof actualCostMicros === 'number' ? Math.max(0, actualCostMicros - amount) : 0;
      },
    };
  }

  /** A known-free call never spends, so it always passes; an unknown-priced one passes until a budget is used up. */
  private refusalFor(scope: Scope, maxCostMicros: number | null): ErrorInfo | null {
    const committed = scope.spent + scope.held;
    if (committed >= scope.limit) {
      const unknown =
        maxCostMicros === null ? " This model's price is unknown, so the call could cost anything." : '';
      return refusal(`${budgetName(scope)} is used up (${spentWords(scope)}).${unknown}`, ACTION);
    }
    if (maxCostMicros !== null && committed + maxCostMicros > scope.limit) {
      return refusal(
        `This call could cost up to ${formatMicros(maxCostMicros)}, more than the ${formatMicros(scope.limit - committed)} left of ${budgetName(scope)} (${spentWords(scope)}).`,
        `${ACTION} A lower answer-length limit also lowers what a call can cost.`,
      );
    }
    return null;
  }

  private scopes(budgets: Budgets, conversationId: string | undefined): Scope[] {
    const warnAtPercent = budgets.warnAtPercent ?? 80;
    const scopes: Scope[] = [];
    if (budgets.monthlyMicros !== undefined) {
      let held = 0;
      for (const hold of this.holds.values()) held += hold.amount;
      const spent = this.aggregates.monthSpend(this.now()).costMicros;
      scopes.push({ scope: 'monthly', limit: budgets.monthlyMicros, spent, held, warnAtPercent });
    }
    if (budgets.perConversationMicros !== undefined && conversationId !== undefined) {
      let held = 0;
      for (const hold of this.holds.values()) if (hold.conversationId === conversationId) held += hold.amount;
      const spent = this.aggregates.conversationSpend(conversationId).costMicros;
      scopes.push({
        scope: 'conversation',
        limit: budgets.perConversationMicros,
        spent,
        held,
        warnAtPercent,
      });
    }
    return scopes;
  }
}
