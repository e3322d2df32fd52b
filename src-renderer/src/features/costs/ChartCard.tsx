import { ChartColumn, Table2 } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { CostTable, TableExport } from './CostTable';
import type { TableModel } from './table-model';

export type CardView = 'chart' | 'table';

/**
 * A dashboard card: a chart named by its title and described by its summary (also shown under it), a toggle to a
 * table of the same numbers, and export of that table as CSV or JSON.
 */
export function ChartCard<T>({
  title,
  summary,
  table,
  chart,
  controls,
  initialView = 'chart',
  wide,
}: {
  title: string;
  summary: string;
  table: TableModel<T>;
  /** Drawn only in chart view, so a hidden chart costs nothing. */
  chart: () => ReactNode;
  controls?: ReactNode;
  initialView?: CardView;
  wide?: boolean;
}) {
  const [view, setView] = useState<CardView>(initialView);
  const titleId = useId();
  const summaryId = useId();
  const empty = table.rows.length === 0;
  return (
    <section className={`cost-card${wide ? ' cost-card-wide' : ''}`} aria-labelledby={titleId}>
      <header className="cost-card-header">
        <h2 id={titleId} className="cost-card-title">
          {title}
        </h2>
        {controls}
        <div className="segmented" role="group" aria-label={`Show ${title} as`}>
          <button
            type="button"
            className="segmented-option"
            aria-pressed={view === 'chart'}
            onClick={() => setView('chart')}
          >
            <ChartColumn size={13} aria-hidden />
            Chart
          </button>
          <button
            type="button"
            className="segmented-option"
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
          >
            <Table2 size={13} aria-hidden />
            Table
          </button>
        </div>
      </header>
      {empty ? (
        <p className="cost-card-empty">{summary}</p>
      ) : view === 'chart' ? (
        <figure className="cost-chart" aria-labelledby={titleId} aria-describedby={summaryId}>
          {chart()}
        </figure>
      ) : (
        <CostTable table={table} hideCaption />
      )}
      {!empty && (
        <footer className="cost-card-footer">
          <p id={summaryId} className="cost-chart-summary">
            {summary}
          </p>
          <TableExport table={table} />
        </footer>
      )}
    </section>
  );
}
