import { MessageSquarePlus } from 'lucide-react';
import { useMemo } from 'react';
import type { BatchItem, BatchItemStatus, BatchJob } from '@contract/batch';
import { attachmentUrl } from '../../bridge';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { openItemAsConversation } from './batch-state';
import { cellText, fieldOf, itemTokens, sortValue, structuredColumns } from './results';
import { formatTokens } from '@contract/format';
import { formatMicros } from '@contract/money';

const STATUS: Record<BatchItemStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'Waiting', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  done: { label: 'Done', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

const nameOf = (item: BatchItem) => item.attachment.name ?? `Image ${item.index + 1}`;

function answerColumns(job: BatchJob, items: readonly BatchItem[]): Array<Column<BatchItem>> {
  const fields = structuredColumns(items, job.schema);
  if (fields.length === 0) {
    return [
      {
        key: 'answer',
        header: 'Answer',
        render: (item) => <p className="batch-answer">{item.answer ?? ''}</p>,
        sortValue: (item) => sortValue(item.answer),
      },
    ];
  }
  return fields.map((field) => ({
    key: `field:${field}`,
    header: field,
    render: (item) => <span className="batch-field">{cellText(fieldOf(item, field))}</span>,
    sortValue: (item) => sortValue(fieldOf(item, field)),
  }));
}

/** Every image of a job with its answer (or structured fields), tokens, cost, status and error; sortable. */
export function ResultsTable({ job, items }: { job: BatchJob; items: readonly BatchItem[] }) {
  const columns = useMemo<Array<Column<BatchItem>>>(
    () => [
      {
        key: 'index',
        header: '#',
        render: (item) => item.index + 1,
        sortValue: (item) => item.index,
        align: 'end',
      },
      {
        key: 'image',
        header: 'Image',
        render: (item) => (
          <div className="batch-result-image">
            <img
              src={attachmentUrl(item.attachment.hash)}
              alt={nameOf(item)}
              width={44}
              height={44}
              loading="lazy"
              decoding="async"
            />
            <span className="batch-result-name">{nameOf(item)}</span>
          </div>
        ),
        sortValue: (item) => nameOf(item),
      },
      ...answerColumns(job, items),
      {
        key: 'tokens',
        header: 'Tokens',
        render: (item) => {
          const tokens = itemTokens(item);
          return tokens === null ? '' : formatTokens(tokens);
        },
        sortValue: itemTokens,
        align: 'end',
      },
      {
        key: 'cost',
        header: 'Cost',
        render: (item) => (item.costMicros === undefined ? '' : formatMicros(item.costMicros)),
        sortValue: (item) => item.costMicros ?? null,
        align: 'end',
      },
      {
        key: 'status',
        header: 'Status',
        render: (item) => <Badge tone={STATUS[item.status].tone}>{STATUS[item.status].label}</Badge>,
        sortValue: (item) => item.status,
      },
      {
        key: 'error',
        header: 'Error',
        render: (item) =>
          item.error ? (
            <span className="batch-error" title={item.error.action}>
              {item.error.message}
            </span>
          ) : null,
        sortValue: (item) => item.error?.message ?? null,
      },
      {
        key: 'open',
        header: 'Conversation',
        render: (item) =>
          item.status === 'done' ? (
            <Button
              size="sm"
              variant="ghost"
              icon={<MessageSquarePlus size={14} aria-hidden />}
              aria-label={`Open ${nameOf(item)} as a conversation`}
              onClick={() => void openItemAsConversation(job.id, item.id)}
            >
              Open
            </Button>
          ) : null,
      },
    ],
    [job, items],
  );
  return (
    <DataTable
      caption={`Results of ${job.title}`}
      hideCaption
      columns={columns}
      rows={items}
      rowKey={(item) => item.id}
      initialSort={{ key: 'index', direction: 'ascending' }}
    />
  );
}
