import { memo } from 'react';
import type { Message } from '@contract/conversations';
import { AssistantMessage, type MessageActions } from './AssistantMessage';
import { Markdown } from './markdown/Markdown';
import { countRender } from '../../lib/render-stats';
import { SummaryMessage } from './SummaryMessage';
import { UserMessage } from './UserMessage';

export type { MessageActions } from './AssistantMessage';

/** One message, by its role: the user's, an answer, the context strategy's summary, or a system note. */
export const MessageView = memo(function MessageView({
  message,
  actions,
}: {
  message: Message;
  actions: MessageActions;
}) {
  if (message.role === 'assistant') return <AssistantMessage message={message} actions={actions} />;
  countRender('messageRenders');
  if (message.role === 'user') return <UserMessage message={message} />;
  if (message.role === 'summary') return <SummaryMessage message={message} />;
  return (
    <article className="message message-note" aria-label="System message">
      <p className="message-note-label">System</p>
      <Markdown text={message.text} />
    </article>
  );
});
