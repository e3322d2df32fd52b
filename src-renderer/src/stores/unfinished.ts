import type { Message } from '@contract/conversations';
import type { LiveStreams } from './stream-reducer';

/** Answers stored as still being written that this window follows no live stream for. */
export function unfinishedWithoutStream(messages: readonly Message[], streams: LiveStreams): Message[] {
  return messages.filter((m) => m.status === 'streaming' && !streams[m.id]);
}
