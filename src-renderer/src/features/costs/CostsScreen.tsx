import { Download, RefreshCw } from 'lucide-react';
import './costs.css';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { Dashboard } from '@contract/bridge';
import type { Bucket } from '@contract/ledger';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { IconButton } from '../../components/IconButton';
import { Menu } from '../../components/Menu';
import { Select } from '../../components/Select';
import { useCatalogStore } from '../../stores/catalog';
import { showError } from '../../stores/toasts';
import { BudgetsCard } from './BudgetsCard';
import { ChartCard } from './ChartCard';
import { BREAKDOWN_BARS, BreakdownChart, RequestsChart, SpendChart, TokensChart } from './charts';
import {
  breakdownTable,
  inputTokensOf,
  outputTokensOf,
  requestsOverTime,
  spendOverTime,
  tokensOverTime,
  withEveryBucket,
  type Breakdown,
} from './dashboard-tables';
import {
  chooseBucket,
  chooseCustomDates,
  choosePreset,
  currentRange,
  loadBudgets,
  loadDashboard,
  useDashboardStore,
} from './dashboard-store';
import { downloadText } from '../../lib/download';
import { namesFrom } from './names';
import { bucketKeys, customDatesProblem, RANGE_PRESETS, rangeLabel, type DateRange } from './ranges';
import { describeBreakdown, describeRequests, describeSpend, describeTokens } from './summaries';
import { formatRate, formatTokens, rateOf } from '@contract/format';
import { formatCostTotal, formatMicros } from '@contract/money';

const BUCKETS: ReadonlyArray<{ value: Bucket; label: string }> = [
  { value: 'day', label: 'By day' },
  { value: 'week', label: 'By week' },
  { value: 'month', label: 'By month' },
];

const BREAKDOWNS: ReadonlyArray<{ value: Breakdown; label: string }> = [
  { value: 'provider', label: 'Provider' },
  { value: 'model', label: 'Model' },
  { value: 'profile', label: 'Profile' },
];

function RangeControls() {
  const preset = useDashboardStore((s) => s.preset);
  const custom = useDashboardStore((s) => s.custom);
  const bucket = useDashboardStore((s) => s.bucket);
  const problem = preset === 'custom' ? customDatesProblem(custom) : null;
  return (
    <div className="cost-controls" role="group" aria-label="Date range">
      <Select label="Range" hideLabel value={preset} options={RANGE_PRESETS} onChange={choosePreset} />
      {preset === 'custom' && (
        <>
          <label className="date-field">
            <span className="visually-hidden">From</span>
            <input
              type="date"
              className="input"
              value={custom.start}
              max={custom.end || undefined}
              onChange={(e) => chooseCustomDates({ ...custom, start: e.target.value })}
              aria-invalid={problem !== null && problem.includes('start') ? true : undefined}
              aria-describedby={problem ? 'custom-range-problem' : undefined}
            />
          </label>
          <span aria-hidden>–</span>
          <label className="date-field">
            <span className="visually-hidden">To</span>
            <input
              type="date"
              className="input"
              value={custom.end}
              min={custom.start || undefined}
              onChange={(e) => chooseCustomDates({ ...custom, end: e.target.value })}
              aria-invalid={problem !== null && problem.includes('end') ? true : undefined}
              aria-describedby={problem ? 'custom-range-problem' : undefined}
            />
          </label>
        </>
      )}
      <Select label="Group by" hideLabel value={bucket} options={BUCKETS} onChange={chooseBucket} />
      {problem && (
        <p id="custom-range-problem" className="field-error cost-controls-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

async function exportLedger(format: 'csv' | 'json', range: DateRange | null) {
  try {
    const file = await bridge.call('costs.export', { format, ...(range ?? {}) });
    downloadText(file.filename, file.mediaType, file.content);
  } catch (error) {
    showError(`The ledger could not be exported: ${describeError(error)}`);
  }
}

function LedgerExportMenu({ range }: { range: DateRange | null }) {
  return (
    <Menu
      label="Export the usage ledger"
      icon={<Download size={16} />}
      items={[
        {
          id: 'csv-range',
          label: 'Ledger of this range as CSV',
          disabled: !range,
          onSelect: () => void exportLedger('csv', range),
        },
        {
          id: 'json-range',
          label: 'Ledger of this range as JSON',
          disabled: !range,
          onSelect: () => void exportLedger('json', range),
        },
        { id: 'csv-all', label: 'Whole ledger as CSV', onSelect: () => void exportLedger('csv', null) },
        { id: 'json-all', label: 'Whole ledger as JSON', onSelect: () => void exportLedger('json', null) },
      ]}
    />
  );
}

function Tile({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="cost-tile">
      <dt className="cost-tile-label">{label}</dt>
      <dd className="cost-tile-value">{value}</dd>
      {note && <dd className="cost-tile-note">{note}</dd>}
    </div>
  );
}

function Totals({ dashboard }: { dashboard: Dashboard }) {
  const t = dashboard.totals;
  return (
    <dl className="cost-tiles" aria-label="Totals of the range">
      <Tile
        label="Spend"
        value={formatCostTotal(t, { short: true })}
        note={
          t.unknownCostCalls > 0
            ? `${formatTokens(t.unknownCostCalls)} ${t.unknownCostCalls === 1 ? 'call' : 'calls'} of unknown cost: the total is a lower bound`
            : undefined
        }
      />
      <Tile label="Requests" value={formatTokens(t.requests)} />
      <Tile
        label="Errors"
        value={formatTokens(t.errors)}
        note={`${formatRate(rateOf(t.errors, t.requests))} of requests`}
      />
      <Tile
        label="Tokens"
        value={`${formatTokens(inputTokensOf(t))} in`}
        note={`${formatTokens(outputTokensOf(t))} out`}
      />
      <Tile label="Saved by the cache" value={formatMicros(t.savedMicros)} />
    </dl>
  );
}

function DashboardBody({ dashboard }: { dashboard: Dashboard }) {
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const profiles = useCatalogStore((s) => s.profiles);
  const names = useMemo(() => namesFrom({ models, providers, profiles }), [models, providers, profiles]);
  const [breakdown, setBreakdown] = useState<Breakdown>('model');
  const { bucket, from, to } = dashboard;
  const range = useMemo(() => ({ from, to }), [from, to]);
  const overTime = useMemo(
    () => withEveryBucket(dashboard.overTime, bucketKeys(range, bucket)),
    [dashboard.overTime, range, bucket],
  );
  const breakdownRows =
    breakdown === 'provider'
      ? dashboard.byProvider
      : breakdown === 'model'
        ? dashboard.byModel
        : dashboard.byProfile;
  const spend = spendOverTime(overTime, bucket, range);
  const tokens = tokensOverTime(overTime, bucket, range);
  const requests = requestsOverTime(overTime, bucket, range);
  const byGroup = breakdownTable(breakdownRows, breakdown, names, range);
  const more =
    breakdownRows.length > BREAKDOWN_BARS
      ? ` The chart shows the ${BREAKDOWN_BARS} dearest; the table lists all.`
      : '';

  return (
    <>
      <Totals dashboard={dashboard} />
      <div className="cost-grid">
        <BudgetsCardLoader refreshKey={dashboard} />
        <ChartCard
          wide
          title={spend.title}
          summary={describeSpend(overTime, bucket)}
          table={spend}
          chart={() => <SpendChart rows={overTime} bucket={bucket} />}
        />
        <ChartCard
          wide
          title={byGroup.title}
          summary={describeBreakdown(breakdownRows, breakdown, names) + more}
          table={byGroup}
          controls={
            <Select
              label="Break spend down by"
              hideLabel
              value={breakdown}
              options={BREAKDOWNS}
              onChange={setBreakdown}
            />
          }
          chart={() => <BreakdownChart rows={breakdownRows} breakdown={breakdown} names={names} />}
        />
        <ChartCard
          title={tokens.title}
          summary={describeTokens(overTime)}
          table={tokens}
          chart={() => <TokensChart rows={overTime} bucket={bucket} />}
        />
        <ChartCard
          title={requests.title}
          summary={describeRequests(overTime, bucket)}
          table={requests}
          chart={() => <RequestsChart rows={overTime} bucket={bucket} />}
        />
      </div>
    </>
  );
}

function BudgetsCardLoader({ refreshKey }: { refreshKey: unknown }) {
  const budgets = useDashboardStore((s) => s.budgets);
  const status = useDashboardStore((s) => s.budgetStatus);
  const reload = () => {
    void loadBudgets().catch((error: unknown) =>
      showError(`Budgets could not be read: ${describeError(error)}`),
    );
    void loadDashboard();
  };
  return <BudgetsCard budgets={budgets} status={status} onSaved={reload} refreshKey={refreshKey} />;
}

/** Spend over time, by provider, model and profile, tokens, requests and errors, budgets, and exports. */
export function CostsScreen() {
  const state = useDashboardStore();
  const range = currentRange(state);
  const dashboard = useDeferredValue(state.dashboard);

  useEffect(() => {
    void loadDashboard();
    void loadBudgets().catch((error: unknown) =>
      showError(`Budgets could not be read: ${describeError(error)}`),
    );
    // New spending arrives with every answer: refresh, at most once a second.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = bridge.on('conversations.changed', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void loadDashboard(), 1000);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, []);

  return (
    <section className="screen costs-screen" aria-labelledby="costs-title">
      <header className="screen-header costs-header">
        <h1 id="costs-title">Costs</h1>
        {range && <span className="costs-range">{rangeLabel(range)}</span>}
        <div className="costs-header-actions">
          <RangeControls />
          <IconButton
            label="Refresh"
            icon={<RefreshCw size={15} />}
            tooltip="bottom"
            onClick={() => void loadDashboard()}
          />
          <LedgerExportMenu range={range} />
        </div>
      </header>
      <div className="screen-body costs-body" aria-busy={state.status === 'loading'}>
        {state.status === 'error' && (
          <ErrorCallout
            title="The dashboard could not be loaded"
            actions={
              <Button size="sm" onClick={() => void loadDashboard()}>
                Try again
              </Button>
            }
          >
            {state.error}
          </ErrorCallout>
        )}
        {dashboard && <DashboardBody dashboard={dashboard} />}
      </div>
    </section>
  );
}
