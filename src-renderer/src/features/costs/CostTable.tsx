import { Download } from 'lucide-react';
import { useMemo } from 'react';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { downloadText } from '../../lib/download';
import { displayCell, tableCsv, tableJson, type TableModel } from './table-model';

/** A table model on screen: sortable columns, numbers aligned to the end, unknown shown as unknown. */
export function CostTable<T>({ table, hideCaption }: { table: TableModel<T>; hideCaption?: boolean }) {
  const columns = useMemo<Array<Column<T>>>(
    () =>
      table.columns.map((column) => ({
        key: column.key,
        header: column.header,
        align: column.kind === 'text' ? 'start' : 'end',
        render: (row: T) => displayCell(column, row),
        sortValue: (row: T) => column.value(row),
      })),
    [table.columns],
  );
  return (
    <DataTable
      caption={table.title}
      hideCaption={hideCaption}
      columns={columns}
      rows={table.rows}
      rowKey={table.rowKey}
    />
  );
}

/** Buttons that save a table as CSV or JSON, built here from the same model the screen shows. */
export function TableExport<T>({ table }: { table: TableModel<T> }) {
  return (
    <span className="table-export" role="group" aria-label={`Export ${table.title}`}>
      <Button
        size="sm"
        variant="ghost"
        icon={<Download size={13} aria-hidden />}
        aria-label={`Export ${table.title} as CSV`}
        disabled={table.rows.length === 0}
        onClick={() => downloadText(`${table.filename}.csv`, 'text/csv', tableCsv(table))}
      >
        CSV
      </Button>
      <Button
        size="sm"
        variant="ghost"
        icon={<Download size={13} aria-hidden />}
        aria-label={`Export ${table.title} as JSON`}
        disabled={table.rows.length === 0}
        onClick={() => downloadText(`${table.filename}.json`, 'application/json', tableJson(table))}
      >
        JSON
      </Button>
    </span>
  );
}
