import { Database } from 'lucide-react';
import './cost-details.css';
import { useEffect, useState, type ReactNode } from 'react';
import type { Message } from '@contract/conversations';
import type { LedgerRecord } from '@contract/ledger';
import { bridge, describeError } from '../../bridge';
import { Badge } from '../../components/Badge';
import { inputTokens, outputTokens } from '../../lib/usage';
import { useModelNames } from '../../stores/catalog';
import { attemptsTotal, outcomeWords, overheadOf, roleWords } from './attempts';
import { formatDuration, formatTokens } from '@contract/format';
import { formatCostTotal, formatMicros } from '@contract/money';

type Records =
  { status: 'loading' } | { status: 'ready'; records: LedgerRecord[] } | { status: 'error'; error: string };

function useMessageRecords(messageId: string): Records {
  const [state, setState] = useState<Records>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    bridge
      .call('costs.messageRecords', { messageId })
      .then((records) => current && setState({ status: 'ready', records }))
      .catch((error: unknown) => current && setState({ status: 'error', error: describeError(error) }));
    return () => {
      current = false;
    };
  }, [messageId]);
  return state;
}

function Figure({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="cost-details-figure">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Attempts({ records, nameOf }: { records: LedgerRecord[]; nameOf: (ref: string) => string }) {
  const overhead = overheadOf(records);
  return (
    <section className="cost-details-section" aria-label="Attempts">
      <h4 className="cost-details-heading">
        {records.length === 1 ? 'One call' : `${records.length} calls`}:{' '}
        {formatCostTotal(attemptsTotal(records))}
      </h4>
      <table className="cost-details-attempts">
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Model</th>
            <th scope="col">Outcome</th>
            <th scope="col" className="align-end">
              Tokens
            </th>
            <th scope="col" className="align-end">
              Cost
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <td>{roleWords(record)}</td>
              <td>{nameOf(`${record.provider}:${record.model}`)}</td>
              <td title={record.reason}>{outcomeWords(record)}</td>
              <td className="align-end">
                {formatTokens(inputTokens(record.usage))} / {formatTokens(outputTokens(record.usage))}
              </td>
              <td className="align-end">{formatMicros(record.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {records.length > 1 && (
        <p className="cost-details-note">
          Retries, fallbacks and failed calls: {formatCostTotal(overhead)}. Tokens are in / out.
        </p>
      )}
    </section>
  );
}

/** The contents of MessageCostDetails: the answer's own figures at once, its ledger records once they arrive. */
export function MessageCostPanel({ message }: { message: Message }) {
  const nameOf = useModelNames();
  const state = useMessageRecords(message.id);
  const usage = message.usage;
  const saved =
    state.status === 'ready' ? state.records.find((r) => r.outcome === 'cached')?.savedMicros : undefined;

  return (
    <div className="cost-details-body">
      <header className="cost-details-header">
        <h3 className="cost-details-title">{message.model ? nameOf(message.model) : 'No model answered'}</h3>
        {message.cached && (
          <Badge tone="info" icon={<Database size={11} aria-hidden />}>
            cached
          </Badge>
        )}
      </header>
      {message.cached && (
        <p className="cost-details-note">
          Served from the response cache: no provider call was made
          {saved === undefined
            ? '.'
            : saved === null
              ? '; what it saved is unknown.'
              : `; it saved ${formatMicros(saved)}.`}
        </p>
      )}
      <dl className="cost-details-figures">
        <Figure term="Cost">
          {formatMicros(message.costMicros)}
          {message.costMicros === null && <span className="cost-details-aside"> (a price is missing)</span>}
        </Figure>
        {message.ttftMs !== undefined && <Figure term="First token">{formatDuration(message.ttftMs)}</Figure>}
        {message.totalMs !== undefined && (
          <Figure term="Total time">{formatDuration(message.totalMs)}</Figure>
        )}
      </dl>
      {usage && (
        <dl className="cost-details-tokens" aria-label="Tokens">
          <div className="cost-details-token-group">
            <dt className="cost-details-token-kind">In: {formatTokens(inputTokens(usage))}</dt>
            <dd>
              <dl className="cost-details-figures">
                <Figure term="Uncached">{formatTokens(usage.input.uncached)}</Figure>
                <Figure term="Cache read">{formatTokens(usage.input.cacheRead)}</Figure>
                <Figure term="Cache write">
                  {formatTokens(usage.input.cacheWrite + (usage.input.cacheWrite1h ?? 0))}
                  {(usage.input.cacheWrite1h ?? 0) > 0 && (
                    <span className="cost-details-aside">
                      {' '}
                      ({formatTokens(usage.input.cacheWrite1h ?? 0)} for 1 h)
                    </span>
                  )}
                </Figure>
              </dl>
            </dd>
          </div>
          <div className="cost-details-token-group">
            <dt className="cost-details-token-kind">Out: {formatTokens(outputTokens(usage))}</dt>
            <dd>
              <dl className="cost-details-figures">
                <Figure term="Text">{formatTokens(usage.output.text)}</Figure>
                <Figure term="Reasoning">{formatTokens(usage.output.reasoning)}</Figure>
              </dl>
            </dd>
          </div>
        </dl>
      )}
      {usage && usage.source !== 'reported' && (
        <p className="cost-details-note">
          {usage.source === 'partial'
            ? 'Tokens counted up to where the answer stopped.'
            : 'Tokens estimated here: the provider did not report them.'}
        </p>
      )}
      {state.status === 'loading' && <p className="cost-details-note">Reading the calls…</p>}
      {state.status === 'error' && (
        <p className="cost-details-note">The calls behind this answer could not be read: {state.error}</p>
      )}
      {state.status === 'ready' && state.records.length > 0 && (
        <Attempts records={state.records} nameOf={nameOf} />
      )}
    </div>
  );
}
