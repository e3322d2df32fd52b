import { ReceiptText } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import type { Conversation } from '@contract/conversations';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { formatLowerBound } from '@contract/money';

// The review (and its ledger call) loads when it is opened, not with the chat.
const ConversationCostPanel = lazy(() =>
  import('./ConversationCostPanel').then((m) => ({ default: m.ConversationCostPanel })),
);

/** A conversation's cost as its list shows it: a lower bound when a price is unknown, never a false $0. */
export function conversationCostLabel(
  conversation: Pick<Conversation, 'costMicros' | 'costUnknown'>,
): string {
  return formatLowerBound(conversation.costMicros, conversation.costUnknown);
}

/**
 * The open conversation's cost, in the chat header; it opens the cost review. `onOpenMessage` brings a message
 * into view (the review's most expensive messages are links to them).
 */
export function ConversationCostButton({
  conversation,
  onOpenMessage,
}: {
  conversation: Conversation;
  onOpenMessage: (messageId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  if (conversation.messageCount === 0) return null;
  const label = conversationCostLabel(conversation);
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        className="conversation-cost"
        icon={<ReceiptText size={14} aria-hidden />}
        aria-label={`Cost review: ${label}`}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        size="lg"
        title="Cost review"
        description={conversation.title || 'Untitled'}
      >
        {open && (
          <Suspense fallback={<p aria-busy="true">Loading…</p>}>
            <ConversationCostPanel
              conversationId={conversation.id}
              title={conversation.title || 'Untitled'}
              onOpenMessage={(messageId) => {
                setOpen(false);
                onOpenMessage(messageId);
              }}
            />
          </Suspense>
        )}
      </Dialog>
    </>
  );
}
