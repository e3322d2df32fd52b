import { useState } from 'react';
import type { Budgets } from '@contract/ledger';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { saveBudgets } from './dashboard-store';
import { dollarsInput, parseDollars } from '@contract/money';

type Draft = { monthly: string; perConversation: string; warnAt: string };

function draftOf(budgets: Budgets | null): Draft {
  return {
    monthly: budgets?.monthlyMicros === undefined ? '' : dollarsInput(budgets.monthlyMicros),
    perConversation:
      budgets?.perConversationMicros === undefined ? '' : dollarsInput(budgets.perConversationMicros),
    warnAt: String(budgets?.warnAtPercent ?? 80),
  };
}

function warnProblem(text: string): string | null {
  const n = Number(text.trim());
  return /^\d+$/.test(text.trim()) && n >= 1 && n <= 100 ? null : 'Type a whole percentage from 1 to 100.';
}

/** Sets the monthly and per-conversation budgets and the warning level; empty fields mean no budget. */
export function BudgetDialog({
  open,
  budgets,
  onClose,
  onSaved,
}: {
  open: boolean;
  budgets: Budgets | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  return open && <BudgetForm budgets={budgets} onClose={onClose} onSaved={onSaved} />;
}

function BudgetForm({
  budgets,
  onClose,
  onSaved,
}: {
  budgets: Budgets | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(budgets));
  const [touched, setTouched] = useState(false);
  const monthly = parseDollars(draft.monthly);
  const perConversation = parseDollars(draft.perConversation);
  const warn = warnProblem(draft.warnAt);
  const problem = (parsed: ReturnType<typeof parseDollars>) => {
    if ('problem' in parsed) return parsed.problem;
    return parsed.micros === 0 ? 'A budget must be more than $0; leave the field empty for no budget.' : null;
  };
  const valid = problem(monthly) === null && problem(perConversation) === null && warn === null;

  const submit = async () => {
    setTouched(true);
    if (!valid || 'problem' in monthly || 'problem' in perConversation) return false;
    const next: Budgets = { warnAtPercent: Number(draft.warnAt.trim()) };
    if (monthly.micros !== null) next.monthlyMicros = monthly.micros;
    if (perConversation.micros !== null) next.perConversationMicros = perConversation.micros;
    if (budgets?.overrideUntil !== undefined) next.overrideUntil = budgets.overrideUntil;
    await saveBudgets(next);
    onSaved();
    return true;
  };

  return (
    <FormDialog
      onClose={onClose}
      size="sm"
      title="Budgets"
      description="Past the warning level each answer says so; at 100 % calls are refused until you raise the budget or override it."
      layout="stack"
      submitLabel="Save budgets"
      onSubmit={submit}
    >
      <Field
        label="Monthly budget (US dollars)"
        inputMode="decimal"
        placeholder="No monthly budget"
        value={draft.monthly}
        onChange={(e) => setDraft({ ...draft, monthly: e.target.value })}
        error={touched ? problem(monthly) : null}
        hint="All spending in a calendar month. Leave empty for none."
      />
      <Field
        label="Budget per conversation (US dollars)"
        inputMode="decimal"
        placeholder="No budget per conversation"
        value={draft.perConversation}
        onChange={(e) => setDraft({ ...draft, perConversation: e.target.value })}
        error={touched ? problem(perConversation) : null}
        hint="What any one conversation may cost. Leave empty for none."
      />
      <Field
        label="Warn at (% of a budget)"
        inputMode="numeric"
        value={draft.warnAt}
        onChange={(e) => setDraft({ ...draft, warnAt: e.target.value })}
        error={touched ? warn : null}
      />
    </FormDialog>
  );
}
