/**
 * Conversation history for the benchmark, written into a data directory with the app's own storage layer
 * (ConversationStore, the code the web host reads it with) before the host starts: ten thousand messages through
 * the bridge would cost minutes of the benchmark's budget and measure nothing it reports. The same messages feed
 * the baseline pages.
 */
import type { Usage } from '@contract/usage';
import { AttachmentStore } from '../../../src-main/core/storage/attachments';
import { ConversationStore } from '../../../src-main/core/storage/conversations';
import { Database } from '../../../src-main/core/storage/database';
import { dataPaths } from '../../../src-main/core/storage/data-dir';
import { markdownSection } from './answers';

export type HistoryMessage = { role: 'user' | 'assistant'; text: string };

export type SeededConversation = { title: string; id: string; messages: HistoryMessage[]; sentinel: string };

const QUESTIONS = [
  'How should I size the connection pool for this service?',
  'Can you show me a retry helper with backoff?',
  'What is a sensible default timeout here?',
  'Why do the queues keep growing under load?',
];

/** `count` messages, a question then an answer in turn; the last one ends with a sentinel. */
export function historyMessages(
  count: number,
  name: string,
): { messages: HistoryMessage[]; sentinel: string } {
  const sentinel = `End of conversation ${name}.`;
  const messages: HistoryMessage[] = [];
  for (let i = 0; i < count; i++) {
    const turn = i >> 1;
    messages.push(
      i % 2 === 0
        ? { role: 'user', text: `${QUESTIONS[turn % QUESTIONS.length]} (turn ${turn + 1})` }
        : { role: 'assistant', text: markdownSection(turn) },
    );
  }
  const last = messages[messages.length - 1];
  if (last) last.text = `${last.text}\n\n${sentinel}`;
  return { messages, sentinel };
}

const USAGE: Usage = {
  input: { uncached: 1200, cacheRead: 0, cacheWrite: 0 },
  output: { text: 320, reasoning: 0 },
  source: 'reported',
};

/** Writes conversations into `dataDir` (created on first use), one transaction each. */
export function seedConversations(
  dataDir: string,
  conversations: Array<{ title: string; count: number }>,
): SeededConversation[] {
  const paths = dataPaths(dataDir);
  const db = new Database(paths.database);
  try {
    const attachments = new AttachmentStore(db, { dir: paths.attachments });
    const store = new ConversationStore(db, { attachments });
    return conversations.map(({ title, count }) => {
      const { messages, sentinel } = historyMessages(count, title);
      const conversation = store.create({ title });
      db.transaction(() => {
        for (const message of messages) {
          if (message.role === 'user') {
            store.addUserMessage({ conversationId: conversation.id, text: message.text });
            continue;
          }
          const answer = store.createAssistantMessage({
            conversationId: conversation.id,
            model: 'anthropic:claude-sonnet-4-5',
            profileId: 'default',
          });
          store.appendStreamed(answer.id, message.text);
          store.finishAssistantMessage(answer.id, {
            status: 'complete',
            usage: USAGE,
            costMicros: 8400,
            finishReason: 'stop',
            ttftMs: 420,
            totalMs: 3100,
          });
        }
      });
      return { title, id: conversation.id, messages, sentinel };
    });
  } finally {
    db.close();
  }
}
