import type { ToolApproval, ToolCallRecord } from '@contract/tools';
import { bridge } from '../../bridge';
import { showError } from '../../stores/toasts';
import { describeError } from '../../bridge';
import { Markdown, type LiveText } from './markdown/Markdown';
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
 * approval in place), then the next round's text.
 */
export function ToolRounds({
  text,
  live,
  toolCalls,
  roundStarts,
  streamId,
}: {
  toolCalls: readonly ToolCallRecord[];
  roundStarts: readonly number[];
  /** Present while the answer streams in this window: calls waiting for the user can be answered. */
  streamId?: string;
} & ({ text: string; live?: undefined } | { live: LiveText; text?: undefined })) {
  // While streaming, the rounds before the current one are finished (this view renders when a round starts); the
  // current round's text grows outside React, as any streaming answer's does.
  const whole = live ? live.read() : text;
  const current = live ? roundStarts.length : -1;
  const segments = roundSegments(whole, roundStarts);
  const rounds = Math.max(segments.length, current + 1, ...toolCalls.map((c) => c.round));
  return (
    <>
      {Array.from({ length: rounds }, (_, i) => {
        const segment = segments[i] ?? '';
        return (
          <div key={i} className="tool-round">
            {live && i === current ? (
              <Markdown live={liveFrom(live, roundStarts[i - 1] ?? 0)} />
            ) : (
              segment && (!live || i < current) && <Markdown text={segment} />
            )}
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

/** The part of a growing text from `start` on (the current round's), followed the same way. */
const liveSlices = new WeakMap<LiveText, Map<number, LiveText>>();
function liveFrom(live: LiveText, start: number): LiveText {
  if (start === 0) return live;
  const slices = liveSlices.get(live) ?? new Map<number, LiveText>();
  liveSlices.set(live, slices);
  let slice = slices.get(start);
  if (!slice) {
    slice = {
      read: () => live.read().slice(start),
      subscribe: (listener) => live.subscribe((text) => listener(text.slice(start))),
    };
    slices.set(start, slice);
  }
  return slice;
}
