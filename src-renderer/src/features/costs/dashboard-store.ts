/**
 * The cost dashboard's state: the chosen range and bucket (kept while the app runs, so coming back to Costs shows
 * the same view), the dashboard main computed for them, and the budgets. Main aggregates from its rollups, so a
 * ledger of any size arrives as a few hundred rows; a newer request wins over a slower older one.
 */
import { create } from 'zustand';
import type { Dashboard } from '@contract/bridge';
import type { Bucket, Budgets, BudgetStatus } from '@contract/ledger';
import { bridge, describeError } from '../../bridge';
import {
  customDatesOf,
  rangeOf,
  suggestedBucket,
  type CustomDates,
  type DateRange,
  type RangePreset,
} from './ranges';

type DashboardState = {
  preset: RangePreset;
  custom: CustomDates;
  bucket: Bucket;
  /** The user picked the bucket: a new range keeps it instead of suggesting one. */
  bucketChosen: boolean;
  dashboard: Dashboard | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  budgets: Budgets | null;
  budgetStatus: BudgetStatus[];
};

const initialRange = rangeOf('30d', Date.now())!;

export const useDashboardStore = create<DashboardState>(() => ({
  preset: '30d',
  custom: customDatesOf(initialRange),
  bucket: suggestedBucket(initialRange),
  bucketChosen: false,
  dashboard: null,
  status: 'idle',
  error: null,
  budgets: null,
  budgetStatus: [],
}));

/** The range the current choice covers now; null while custom dates are incomplete or reversed. */
export function currentRange(
  state: Pick<DashboardState, 'preset' | 'custom'>,
  now = Date.now(),
): DateRange | null {
  return rangeOf(state.preset, now, state.custom);
}

let latest = 0;

export async function loadDashboard(): Promise<void> {
  const state = useDashboardStore.getState();
  const range = currentRange(state);
  if (!range) return;
  const request = ++latest;
  useDashboardStore.setState((s) => ({ status: s.dashboard ? s.status : 'loading' }));
  try {
    const dashboard = await bridge.call('costs.dashboard', { ...range, bucket: state.bucket });
    if (request !== latest) return;
    useDashboardStore.setState({
      dashboard,
      budgetStatus: dashboard.budgets,
      status: 'ready',
      error: null,
    });
  } catch (error) {
    if (request !== latest) return;
    useDashboardStore.setState({ status: 'error', error: describeError(error) });
  }
}

export function choosePreset(preset: RangePreset): void {
  useDashboardStore.setState((s) => {
    const previous = currentRange(s);
    // Custom dates start from what was on screen.
    const custom =
      preset === 'custom' && previous && s.preset !== 'custom' ? customDatesOf(previous) : s.custom;
    const range = currentRange({ preset, custom });
    const bucket = !s.bucketChosen && range ? suggestedBucket(range) : s.bucket;
    return { preset, custom, bucket };
  });
  void loadDashboard();
}

export function chooseCustomDates(custom: CustomDates): void {
  useDashboardStore.setState((s) => {
    const range = currentRange({ preset: 'custom', custom });
    const bucket = !s.bucketChosen && range ? suggestedBucket(range) : s.bucket;
    return { custom, bucket };
  });
  void loadDashboard();
}

export function chooseBucket(bucket: Bucket): void {
  useDashboardStore.setState({ bucket, bucketChosen: true });
  void loadDashboard();
}

export async function loadBudgets(): Promise<void> {
  const { budgets, status } = await bridge.call('budgets.get', {});
  useDashboardStore.setState({ budgets, budgetStatus: status });
}

/** Saves the budgets; throws with main's message when they are refused. */
export async function saveBudgets(budgets: Budgets): Promise<void> {
  const saved = await bridge.call('budgets.update', { budgets });
  useDashboardStore.setState({ budgets: saved.budgets, budgetStatus: saved.status });
}
