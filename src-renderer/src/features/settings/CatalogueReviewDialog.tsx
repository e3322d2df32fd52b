import type { CatalogueCheck } from '@contract/catalogue';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { formatContext, formatDay, formatLifecycle, formatModelPrices } from '@contract/format';

const STATUS_WORDS = { active: 'in service', deprecated: 'deprecated', retired: 'retired' } as const;

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <section className="review-section" aria-label={title}>
      <h3>
        {title} <span className="review-count">{count}</span>
      </h3>
      <ul className="review-list">{children}</ul>
    </section>
  );
}

/** What a checked dataset would change, before anything changes: new models, prices, windows, retirements. */
export function CatalogueReviewDialog({
  check,
  onApply,
  onClose,
}: {
  check: CatalogueCheck;
  onApply: () => void;
  onClose: () => void;
}) {
  const changes =
    check.newModels.length +
    check.priceChanges.length +
    check.windowChanges.length +
    check.lifecycleChanges.length;
  const version = check.dataset.version ?? check.dataset.commit?.slice(0, 8);
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={check.upToDate || changes === 0 ? 'Nothing to update' : 'Review the changes'}
      description={
        <>
          {check.dataset.name}
          {version ? ` ${version}` : ''} of {formatDay(check.dataset.date)}, from {check.dataset.source}.{' '}
          {check.summary}
        </>
      }
      footer={
        check.upToDate || changes === 0 ? (
          <Button variant="primary" onClick={onClose} data-autofocus>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" onClick={onApply} data-autofocus>
              Apply these changes
            </Button>
          </>
        )
      }
    >
      {check.older && (
        <p className="callout callout-warning review-warning" role="note">
          This dataset is older than the one the catalogue was built from: applying it brings back older
          prices.
        </p>
      )}
      {!check.upToDate && changes > 0 && (
        <p className="settings-note">
          Past calls keep the prices they were billed at; only calls made after applying use the new ones. The
          catalogue in use now is kept, to go back to.
        </p>
      )}
      <Section title="New models" count={check.newModels.length}>
        {check.newModels.map((m) => (
          <li key={m.id}>
            <span className="review-name">{m.displayName}</span> <code>{m.id}</code>
            <span className="review-detail">
              {formatContext(m.contextWindow)} context · {formatModelPrices(m.prices)}
            </span>
          </li>
        ))}
      </Section>
      <Section title="Price changes" count={check.priceChanges.length}>
        {check.priceChanges.map((c) => (
          <li key={c.id}>
            <span className="review-name">{c.displayName}</span> <code>{c.id}</code>
            <span className="review-detail">
              {formatModelPrices(c.before)} → <strong>{formatModelPrices(c.after)}</strong>
            </span>
          </li>
        ))}
      </Section>
      <Section title="Deprecations and retirements" count={check.lifecycleChanges.length}>
        {check.lifecycleChanges.map((c) => (
          <li key={c.id}>
            <span className="review-name">{c.displayName}</span> <code>{c.id}</code>
            <span className="review-detail">
              {STATUS_WORDS[c.before]} →{' '}
              <strong>
                {formatLifecycle({ status: c.after, ...(c.retiresOn ? { retiresOn: c.retiresOn } : {}) }) ??
                  STATUS_WORDS[c.after]}
              </strong>
              {c.successor ? `; successor ${c.successor}` : ''}
            </span>
          </li>
        ))}
      </Section>
      <Section title="Context window changes" count={check.windowChanges.length}>
        {check.windowChanges.map((c) => (
          <li key={c.id}>
            <span className="review-name">{c.displayName}</span> <code>{c.id}</code>
            <span className="review-detail">
              {formatContext(c.before)} → <strong>{formatContext(c.after)}</strong>
            </span>
          </li>
        ))}
      </Section>
      {check.problems.length > 0 && (
        <details className="review-problems">
          <summary>{check.problems.length} models of the dataset were left as they were</summary>
          <ul>
            {check.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      )}
    </Dialog>
  );
}
