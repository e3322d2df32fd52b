/**
 * The dashboard's charts (recharts, loaded with this screen only). Values stay integer micro-dollars and token
 * counts; axes and tooltips format them. Each chart takes the rows its table view shows.
 */
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { AggregateRow, Bucket } from '@contract/ledger';
import { useChartTheme, type ChartTheme } from './chart-theme';
import { TOKEN_TYPES, inputTokensOf, outputTokensOf, type Breakdown, type Names } from './dashboard-tables';
import { bucketLabel } from './ranges';
import { formatRate, formatTokens, rateOf } from '@contract/format';
import { formatCostTotal, formatMicros } from '@contract/money';

const HEIGHT = 240;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function axisMoney(micros: number): string {
  if (micros === 0) return '$0';
  if (micros >= 1_000_000_000) return `$${compact.format(micros / 1_000_000)}`;
  return formatMicros(micros);
}

function axisProps(theme: ChartTheme) {
  return {
    stroke: theme.grid,
    tick: { fill: theme.muted, fontSize: 11.5 },
    tickLine: false,
  } as const;
}

function TooltipBox({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{title}</p>
      {children}
    </div>
  );
}

type RowDatum = { row: AggregateRow; label: string };

function rowOf(props: TooltipContentProps): RowDatum | null {
  if (!props.active || !props.payload?.length) return null;
  return (props.payload[0]?.payload as RowDatum | undefined) ?? null;
}

function SpendTooltip(props: TooltipContentProps) {
  const datum = rowOf(props);
  if (!datum) return null;
  const { row } = datum;
  return (
    <TooltipBox title={datum.label}>
      <p>{formatCostTotal(row)}</p>
      <p>
        {formatTokens(row.requests)} {row.requests === 1 ? 'request' : 'requests'}
      </p>
      {row.savedMicros > 0 && <p>Cache saved {formatMicros(row.savedMicros)}</p>}
    </TooltipBox>
  );
}

export function SpendChart({ rows, bucket }: { rows: readonly AggregateRow[]; bucket: Bucket }) {
  const theme = useChartTheme();
  const data = rows.map((row) => ({ row, label: bucketLabel(row.key, bucket), cost: row.costMicros }));
  return (
    <BarChart responsive style={{ width: '100%', height: HEIGHT }} data={data} margin={{ top: 8, right: 8 }}>
      <CartesianGrid vertical={false} stroke={theme.grid} />
      <XAxis dataKey="label" {...axisProps(theme)} minTickGap={12} />
      <YAxis {...axisProps(theme)} tickFormatter={axisMoney} width={64} axisLine={false} />
      <Tooltip content={SpendTooltip} cursor={{ fill: theme.cursor }} />
      <Bar
        dataKey="cost"
        name="Cost"
        fill={theme.series[0]}
        radius={[3, 3, 0, 0]}
        isAnimationActive={false}
      />
    </BarChart>
  );
}

function TokensTooltip(props: TooltipContentProps) {
  const datum = rowOf(props);
  if (!datum) return null;
  return (
    <TooltipBox title={datum.label}>
      {TOKEN_TYPES.map((type) => (
        <p key={type.key}>
          {type.header}: {formatTokens(type.value(datum.row))}
        </p>
      ))}
    </TooltipBox>
  );
}

export function TokensChart({ rows, bucket }: { rows: readonly AggregateRow[]; bucket: Bucket }) {
  const theme = useChartTheme();
  const data = rows.map((row) => ({
    row,
    label: bucketLabel(row.key, bucket),
    ...Object.fromEntries(TOKEN_TYPES.map((type) => [type.key, type.value(row)])),
  }));
  return (
    <BarChart responsive style={{ width: '100%', height: HEIGHT }} data={data} margin={{ top: 8, right: 8 }}>
      <CartesianGrid vertical={false} stroke={theme.grid} />
      <XAxis dataKey="label" {...axisProps(theme)} minTickGap={12} />
      <YAxis
        {...axisProps(theme)}
        tickFormatter={(n: number) => compact.format(n)}
        width={64}
        axisLine={false}
      />
      <Tooltip content={TokensTooltip} cursor={{ fill: theme.cursor }} />
      <Legend
        iconType="circle"
        iconSize={8}
        itemSorter={null}
        wrapperStyle={{ fontSize: 12, color: theme.muted }}
      />
      {TOKEN_TYPES.map((type, i) => (
        <Bar
          key={type.key}
          dataKey={type.key}
          name={type.header}
          stackId="tokens"
          fill={theme.series[i]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

function RequestsTooltip(props: TooltipContentProps) {
  const datum = rowOf(props);
  if (!datum) return null;
  const { row } = datum;
  return (
    <TooltipBox title={datum.label}>
      <p>Requests: {formatTokens(row.requests)}</p>
      <p>Errors: {formatTokens(row.errors)}</p>
      <p>Error rate: {formatRate(rateOf(row.errors, row.requests))}</p>
    </TooltipBox>
  );
}

export function RequestsChart({ rows, bucket }: { rows: readonly AggregateRow[]; bucket: Bucket }) {
  const theme = useChartTheme();
  const data = rows.map((row) => ({
    row,
    label: bucketLabel(row.key, bucket),
    succeeded: row.requests - row.errors,
    errors: row.errors,
    rate: rateOf(row.errors, row.requests),
  }));
  return (
    <ComposedChart
      responsive
      style={{ width: '100%', height: HEIGHT }}
      data={data}
      margin={{ top: 8, right: 8 }}
    >
      <CartesianGrid vertical={false} stroke={theme.grid} />
      <XAxis dataKey="label" {...axisProps(theme)} minTickGap={12} />
      <YAxis {...axisProps(theme)} allowDecimals={false} width={48} axisLine={false} />
      <YAxis
        yAxisId="rate"
        orientation="right"
        {...axisProps(theme)}
        domain={[0, 1]}
        tickFormatter={(n: number) => formatRate(n)}
        width={52}
        axisLine={false}
      />
      <Tooltip content={RequestsTooltip} cursor={{ fill: theme.cursor }} />
      <Legend
        iconType="circle"
        iconSize={8}
        itemSorter={null}
        wrapperStyle={{ fontSize: 12, color: theme.muted }}
      />
      {/* One bar per period, as tall as its requests: those that succeeded, and the errors on top. */}
      <Bar
        dataKey="succeeded"
        name="Succeeded"
        stackId="requests"
        fill={theme.series[0]}
        isAnimationActive={false}
      />
      <Bar dataKey="errors" name="Errors" stackId="requests" fill={theme.error} isAnimationActive={false} />
      <Line
        yAxisId="rate"
        dataKey="rate"
        name="Error rate"
        stroke={theme.series[2]}
        strokeWidth={2}
        dot={false}
        connectNulls
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}

/** How many groups the breakdown chart draws; its table lists them all. */
export const BREAKDOWN_BARS = 10;

function BreakdownTooltip(props: TooltipContentProps) {
  const datum = rowOf(props);
  if (!datum) return null;
  const { row } = datum;
  return (
    <TooltipBox title={datum.label}>
      <p>{formatCostTotal(row)}</p>
      <p>
        {formatTokens(row.requests)} requests · {formatRate(rateOf(row.errors, row.requests))} errors
      </p>
      <p>
        {formatTokens(inputTokensOf(row))} tokens in · {formatTokens(outputTokensOf(row))} out
      </p>
    </TooltipBox>
  );
}

export function BreakdownChart({
  rows,
  breakdown,
  names,
}: {
  rows: readonly AggregateRow[];
  breakdown: Breakdown;
  names: Names;
}) {
  const theme = useChartTheme();
  const data = rows.slice(0, BREAKDOWN_BARS).map((row) => ({
    row,
    label: names[breakdown](row.key),
    cost: row.costMicros,
    total: formatCostTotal(row, { short: true }),
  }));
  return (
    <BarChart
      responsive
      layout="vertical"
      style={{ width: '100%', height: Math.max(120, 36 + data.length * 30) }}
      data={data}
      margin={{ top: 4, right: 4 }}
    >
      <CartesianGrid horizontal={false} stroke={theme.grid} />
      <XAxis type="number" {...axisProps(theme)} tickFormatter={axisMoney} />
      <YAxis
        type="category"
        dataKey="label"
        {...axisProps(theme)}
        width={168}
        axisLine={false}
        tick={{ fill: theme.text, fontSize: 12 }}
      />
      {/* Each bar's cost at its end; an unknown one says so, never an empty bar that reads as $0. */}
      <YAxis
        yAxisId="total"
        orientation="right"
        type="category"
        dataKey="total"
        {...axisProps(theme)}
        width={76}
        axisLine={false}
      />
      <Tooltip content={BreakdownTooltip} cursor={{ fill: theme.cursor }} />
      <Bar
        dataKey="cost"
        name="Cost"
        fill={theme.series[0]}
        radius={[0, 3, 3, 0]}
        maxBarSize={26}
        isAnimationActive={false}
      />
    </BarChart>
  );
}
