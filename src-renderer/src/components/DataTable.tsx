import { ArrowDown, ArrowUp, ChevronsUpDown } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { sortRows, type SortDirection } from './sort';

export type Column<T> = {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => string | number | null;
  align?: 'start' | 'end';
  /** Names the column for screen readers only (a column of row actions). */
  hideHeader?: boolean;
};

type Sort = { key: string; direction: SortDirection };

/** A table with a caption and sortable columns (buttons in the headers, `aria-sort` on the sorted one). */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  hideCaption,
}: {
  caption: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  initialSort?: Sort;
  hideCaption?: boolean;
}) {
  const [sort, setSort] = useState<Sort | null>(initialSort ?? null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    return column?.sortValue ? sortRows(rows, column.sortValue, sort.direction) : rows;
  }, [rows, columns, sort]);

  const toggle = (key: string) =>
    setSort((s) =>
      s?.key === key
        ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );

  return (
    <div className="table-wrap">
      <table className="table">
        <caption className={hideCaption ? 'visually-hidden' : 'table-caption'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const state = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={column.sortValue ? (state ?? 'none') : undefined}
                  className={column.align === 'end' ? 'align-end' : undefined}
                >
                  {column.sortValue ? (
                    <button type="button" className="table-sort" onClick={() => toggle(column.key)}>
                      {column.header}
                      {state === 'ascending' ? (
                        <ArrowUp size={12} aria-hidden />
                      ) : state === 'descending' ? (
                        <ArrowDown size={12} aria-hidden />
                      ) : (
                        <ChevronsUpDown size={12} aria-hidden className="table-sort-idle" />
                      )}
                    </button>
                  ) : column.hideHeader ? (
                    <span className="visually-hidden">{column.header}</span>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.align === 'end' ? 'align-end' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
