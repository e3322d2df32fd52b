import type { ModelInfo } from '@contract/models';
import { Badge, CapabilityBadges } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { formatContext, formatPricePerM } from '../../lib/format';
import { useCatalogStore } from '../../stores/catalog';

const COLUMNS: ReadonlyArray<Column<ModelInfo>> = [
  {
    key: 'name',
    header: 'Model',
    sortValue: (m) => m.displayName,
    render: (m) => (
      <span className="model-cell">
        <span>{m.displayName}</span>
        <span className="model-id">{m.id}</span>
      </span>
    ),
  },
  {
    key: 'capabilities',
    header: 'Can',
    render: (m) => <CapabilityBadges capabilities={m.capabilities} compact />,
  },
  {
    key: 'context',
    header: 'Context',
    align: 'end',
    sortValue: (m) => m.contextWindow,
    render: (m) => formatContext(m.contextWindow),
  },
  {
    key: 'input',
    header: 'Input $/M',
    align: 'end',
    sortValue: (m) => m.prices?.inputPerM ?? null,
    render: (m) => (m.prices ? formatPricePerM(m.prices.inputPerM) : <Badge tone="warning">unknown</Badge>),
  },
  {
    key: 'output',
    header: 'Output $/M',
    align: 'end',
    sortValue: (m) => m.prices?.outputPerM ?? null,
    render: (m) => (m.prices ? formatPricePerM(m.prices.outputPerM) : <Badge tone="warning">unknown</Badge>),
  },
  {
    key: 'status',
    header: 'Status',
    sortValue: (m) => (m.configured === false ? 1 : 0),
    render: (m) => (m.configured === false ? <Badge>not set up</Badge> : <Badge tone="success">ready</Badge>),
  },
];

/** The model catalogue: what each model can do, its context window and prices (unknown prices say so). */
export function ModelsSection() {
  const models = useCatalogStore((s) => s.models);
  return (
    <div className="settings-section">
      <header className="settings-section-head">
        <h2>Models</h2>
        <p>
          Prices are US dollars per million tokens. A model without a known price shows its costs as unknown,
          never as $0.
        </p>
      </header>
      <DataTable
        caption="Models"
        hideCaption
        columns={COLUMNS}
        rows={models}
        rowKey={(m) => m.id}
        initialSort={{ key: 'name', direction: 'ascending' }}
      />
    </div>
  );
}
