import { ArrowRightLeft, Database } from 'lucide-react';
import type { Message } from '@contract/conversations';
import type { Usage } from '@contract/usage';
import { Badge } from '../../components/Badge';
import { Tooltip } from '../../components/Tooltip';
import { inputTokens, outputTokens } from '../../lib/usage';
import { useModelNames } from '../../stores/catalog';
import { describeAttempts } from './answer-facts';
import { useChatSlots } from './chat-slots';
import { formatDuration, formatTokens } from '@contract/format';
import { formatMicros } from '@contract/money';

/** The split behind the totals: new, cached and cache-written input; text and reasoning output; time to first token. */
export function usageBreakdown(usage: Usage, ttftMs: number | undefined): string {
  const input = [`${formatTokens(usage.input.uncached)} new`];
  if (usage.input.cacheRead) input.push(`${formatTokens(usage.input.cacheRead)} from cache`);
  const written = usage.input.cacheWrite + (usage.input.cacheWrite1h ?? 0);
  if (written) input.push(`${formatTokens(written)} written to cache`);
  const output = [`${formatTokens(usage.output.text)} text`];
  if (usage.output.reasoning) output.push(`${formatTokens(usage.output.reasoning)} reasoning`);
  const parts = [`Input: ${input.join(', ')}`, `Output: ${output.join(', ')}`];
  if (ttftMs !== undefined) parts.push(`First token after ${formatDuration(ttftMs)}`);
  if (usage.source !== 'reported')
    parts.push(usage.source === 'partial' ? 'Counted up to where it stopped' : 'Estimated locally');
  return parts.join(' · ');
}

/** What an answer cost: tokens in and out, cost, time; a fallback (and why) and cache hits said plainly. */
export function AnswerMeta({ message }: { message: Message }) {
  const nameOf = useModelNames();
  const { MessageCost } = useChatSlots();
  const usage = message.usage;
  const tried = describeAttempts(message, nameOf);
  const parts: string[] = [];
  if (usage) parts.push(`${formatTokens(inputTokens(usage))} in · ${formatTokens(outputTokens(usage))} out`);
  if (message.costMicros !== undefined) parts.push(formatMicros(message.costMicros));
  if (message.totalMs !== undefined) parts.push(formatDuration(message.totalMs));
  return (
    <div className="answer-meta">
      {parts.length > 0 &&
        (usage ? (
          <Tooltip content={usageBreakdown(usage, message.ttftMs)}>
            {(describedBy) => (
              <span className="answer-figures" tabIndex={0} aria-describedby={describedBy}>
                {parts.join(' · ')}
              </span>
            )}
          </Tooltip>
        ) : (
          <span className="answer-figures">{parts.join(' · ')}</span>
        ))}
      {(usage || message.costMicros !== undefined || message.cached) && <MessageCost message={message} />}
      {message.cached && (
        <Badge
          tone="info"
          icon={<Database size={11} aria-hidden />}
          title="Served from the response cache: no provider call"
        >
          cached
        </Badge>
      )}
      {message.status === 'stopped' && <Badge tone="neutral">stopped</Badge>}
      {message.status === 'interrupted' && <Badge tone="warning">interrupted</Badge>}
      {tried && (
        <span className="answer-fallback">
          <ArrowRightLeft size={12} aria-hidden />
          {tried.fellBack ? 'Fallback' : 'Tried'}: {tried.text}
        </span>
      )}
    </div>
  );
}
