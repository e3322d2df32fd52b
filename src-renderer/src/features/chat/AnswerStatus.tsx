import { ArrowRightLeft, LoaderCircle } from 'lucide-react';
import { Button } from '../../components/Button';
import { useNow } from '../../lib/use-now';
import { retryNow, stopStream } from '../../stores/chat';
import { useModelNames } from '../../stores/catalog';
import type { LiveStatus } from '../../stores/stream-reducer';
import { secondsUntil } from '@contract/format';

/** What a streaming answer is doing before and around its text: queued, connecting, waiting to retry, fell back. */
export function AnswerStatus({ stream }: { stream: LiveStatus }) {
  const waiting = stream.retry ?? (stream.phase === 'rate-limited' && stream.untilMs ? stream : undefined);
  const now = useNow(500, Boolean(waiting));
  const nameOf = useModelNames();
  return (
    <div className="answer-status">
      {stream.fallbacks.map((f, i) => (
        <p key={i} className="answer-note">
          <ArrowRightLeft size={13} aria-hidden />
          Switched from {nameOf(f.from)} to {nameOf(f.to)}: {f.reason}
        </p>
      ))}
      {stream.retry ? (
        <div className="answer-retry">
          <span>
            <span role="status">
              {stream.retry.error.kind === 'rate_limit'
                ? `Rate limited by ${stream.retry.provider}`
                : `${stream.retry.provider} failed: ${stream.retry.error.message}`}
              <span className="visually-hidden">; retrying automatically.</span>
            </span>
            {/* The countdown ticks visibly; screen readers hear the status once, not every second. */}
            <span aria-hidden>
              {' — '}retrying in {secondsUntil(stream.retry.untilMs, now)} s (attempt {stream.retry.attempt}{' '}
              of {stream.retry.maxAttempts})
            </span>
          </span>
          <span className="answer-retry-actions">
            <Button size="sm" variant="secondary" onClick={() => void retryNow(stream.streamId)}>
              Retry now
            </Button>
            <Button size="sm" variant="ghost" onClick={() => void stopStream(stream.streamId)}>
              Cancel
            </Button>
          </span>
        </div>
      ) : (
        !stream.hasText &&
        stream.phase !== 'streaming' && (
          <p className="answer-phase" role="status">
            <LoaderCircle size={14} className="spin" aria-hidden />
            {stream.phase === 'queued'
              ? `Queued${stream.queuePosition ? ` (position ${stream.queuePosition})` : ''}`
              : stream.phase === 'rate-limited'
                ? `Waiting for the rate limit${stream.untilMs ? ` (${secondsUntil(stream.untilMs, now)} s)` : ''}`
                : (stream.detail ?? 'Connecting…')}
          </p>
        )
      )}
    </div>
  );
}
