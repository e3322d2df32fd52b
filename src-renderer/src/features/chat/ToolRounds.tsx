import type { ToolApproval, ToolCallRecord } from '@contract/tools';
import { bridge } from '../../bridge';
import { showError } from '../../stores/toasts';
import { describeError } from '../../bridge';
import { Markdown } from './markdown/Markdown';
import { ToolCallCard } from './ToolCallCard';

/** Where each round after the first begins in the answer's text, from the stored text of each round. */
export function roundStartsOf(roundTexts: readonly string[] | undefined): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const text of (roundTexts ?? []).slice(0, -1)) {
    at += text.length;
    starts.push(at);
  }
  return starts;
}

/** The answer's text cut into its rounds. */
export function roundSegments(text: string, starts: readonly number[]): string[] {
  const cuts = [0, ...starts.filter((s) => s <= text.length), text.length];
  return cuts.slice(0, -1).map((from, i) => text.slice(from, cuts[i + 1]));
}

function decide(streamId: string | undefined, call: ToolCallRecord, decision: ToolApproval): void {
  if (!streamId) return;
  bridge
    .call('chat.approveTool', { streamId, callId: call.id, decision })
    .catch((error: unknown) => showError(`Could not answer the tool call: ${describeError(error)}`));
}

/**
 * An answer that used tools: each round's text, then the calls it asked for (as they happen, with the user's
 * approval in place), then the next round's text. Without tool calls, the answer's Markdown as ever.
 */
export function ToolRounds({
  text,
  streaming,
  toolCalls,
  roundStarts,
  streamId,
}: {
  text: string;
  streaming: boolean;
  toolCalls: readonly ToolCallRecord[];
  roundStarts: readonly number[];
  /** Present while the answer streams in this window: calls waiting for the user can be answered. */
  streamId?: string;
}) {
  if (toolCalls.length === 0) return text ? <Markdown text={text} streaming={streaming} /> : null;
  const segments = roundSegments(text, roundStarts);
  const rounds = Math.max(segments.length, ...toolCalls.map((c) => c.round));
  return (
    <>
      {Array.from({ length: rounds }, (_, i) => {
        const segment = segments[i] ?? '';
        const last = i === rounds - 1;
        return (
          <div key={i} className="tool-round">
            {segment && <Markdown text={segment} streaming={streaming && last} />}
            {toolCalls
              .filter((c) => c.round === i + 1)
              .map((call) => (
                <ToolCallCard
                  key={call.id}
                  record={call}
                  {...(streamId && call.state === 'awaiting-approval'
                    ? { onDecide: (d: ToolApproval) => decide(streamId, call, d) }
                    : {})}
                />
              ))}
          </div>
        );
      })}
    </>
  );
}
