import { Pencil, Plus, Trash } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { ModelInfo } from '@contract/models';
import { bridge, describeError } from '../../bridge';
import { Badge, CapabilityBadges, LifecycleBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { IconButton } from '../../components/IconButton';
import { reloadProviders, useCatalogStore } from '../../stores/catalog';
import { showError, showToast } from '../../stores/toasts';
import { formFromModel, type CustomModelForm } from './custom-model-form';
import { CatalogueCard } from './CatalogueCard';
import { CustomModelDialog } from './CustomModelDialog';
import { formatContext } from '@contract/format';
import { formatPricePerM } from '@contract/money';

/** A rate, with the long-context tier's beside it when the model has one. */
function rate(m: ModelInfo, field: 'inputPerM' | 'outputPerM') {
  if (!m.prices) return <Badge tone="warning">unknown</Badge>;
  const tier = m.prices.tiers?.[0];
  const above = tier?.[field];
  return (
    <span className="rate-cell">
      {formatPricePerM(m.prices[field])}
      {tier && above !== undefined && (
        <span
          className="rate-tier"
          title={`Requests above ${tier.aboveInputTokens.toLocaleString('en-US')} input tokens`}
        >
          {formatPricePerM(above)} above {formatContext(tier.aboveInputTokens)}
        </span>
      )}
    </span>
  );
}

async function removeCustom(model: ModelInfo): Promise<void> {
  try {
    await bridge.call('models.removeCustom', { id: model.id });
    showToast({ message: `${model.displayName} removed.` });
    await reloadProviders();
  } catch (error) {
    showError(`Could not remove it: ${describeError(error)}`);
  }
}

function columns(onEdit: (model: ModelInfo) => void): ReadonlyArray<Column<ModelInfo>> {
  return [
    {
      key: 'name',
      header: 'Model',
      sortValue: (m) => m.displayName,
      render: (m) => (
        <span className="model-cell">
          <span className="model-name">
            {m.displayName}
            {m.source === 'custom' && <Badge tone="accent">custom</Badge>}
            {m.configured === false && <Badge>not set up</Badge>}
            <LifecycleBadge model={m} />
          </span>
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
      render: (m) => rate(m, 'inputPerM'),
    },
    {
      key: 'output',
      header: 'Output $/M',
      align: 'end',
      sortValue: (m) => m.prices?.outputPerM ?? null,
      render: (m) => rate(m, 'outputPerM'),
    },
    {
      key: 'actions',
      header: 'Actions',
      hideHeader: true,
      render: (m) =>
        m.source === 'custom' ? (
          <span className="row-actions">
            <IconButton
              label={`Change ${m.displayName}`}
              size="sm"
              tooltip="none"
              icon={<Pencil size={13} />}
              onClick={() => onEdit(m)}
            />
            <IconButton
              label={`Remove ${m.displayName}`}
              size="sm"
              tooltip="none"
              icon={<Trash size={13} />}
              onClick={() => void removeCustom(m)}
            />
          </span>
        ) : null,
    },
  ];
}

/** The model catalogue: what each model can do, its context window and prices; custom models added here. */
export function ModelsSection() {
  const models = useCatalogStore((s) => s.models);
  // The dialog is mounted afresh for each use (its key), so it starts from what it edits.
  const [dialog, setDialog] = useState<{ key: number; initial: CustomModelForm | null } | null>(null);
  const table = useMemo(() => columns((m) => setDialog({ key: Date.now(), initial: formFromModel(m) })), []);
  return (
    <div className="settings-section settings-wide">
      <header className="settings-section-head settings-head-row">
        <div>
          <h2>Models</h2>
          <p>
            Prices are US dollars per million tokens; a request above a long-context threshold is billed, all
            of it, at the higher rate shown. A model without a known price shows its costs as unknown, never
            as $0.
          </p>
        </div>
        <Button icon={<Plus size={14} />} onClick={() => setDialog({ key: Date.now(), initial: null })}>
          Add custom model
        </Button>
      </header>
      <CatalogueCard />
      <DataTable
        caption="Models"
        hideCaption
        columns={table}
        rows={models}
        rowKey={(m) => m.id}
        initialSort={{ key: 'name', direction: 'ascending' }}
      />
      {dialog && (
        <CustomModelDialog key={dialog.key} open initial={dialog.initial} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
