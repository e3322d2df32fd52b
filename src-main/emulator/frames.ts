/** What a protocol module hands the delivery: a JSON body, or stream frames already in wire form. */
import type { ErrorSpec } from './provider-errors';

/**
 * One event of a stream, in wire form. `content` frames carry model output (text, thinking, tool arguments,
 * refusal) and are the ones paced and counted by faults; `finish` frames end the answer (finish reason, usage,
 * `[DONE]`, `message_stop`); `meta` frames are the rest (preamble, block starts and stops, pings).
 */
export type Frame = { data: string; kind: 'content' | 'meta' | 'finish' };

export type StreamRendering = {
  contentType: string;
  frames: Frame[];
  /** The protocol's in-stream error (Anthropic's `error` event, an `{"error":...}` chunk or line). */
  errorFrame: (spec: ErrorSpec) => string;
  /** A frame whose JSON does not parse. */
  malformedFrame: string;
};

export function sseFrame(payload: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(payload)}\n\n`;
}
