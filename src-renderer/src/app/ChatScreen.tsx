import { ChatPane } from '../features/chat/ChatPane';
import { ChatSlotsContext, type ChatSlots } from '../features/chat/chat-slots';
import { Composer } from '../features/composer/Composer';
import { ConversationCostButton } from '../features/costs/ConversationCostButton';
import { MessageCostDetails } from '../features/costs/MessageCostDetails';
import { ExportDialog } from '../features/transfer/ExportDialog';
import { PrintView } from '../features/transfer/PrintView';

/** The chat screen: the chat feature, with the composer and the cost review put where the chat shows them. */
const SLOTS: ChatSlots = {
  Composer,
  ConversationCost: ConversationCostButton,
  MessageCost: MessageCostDetails,
  ExportDialog,
  PrintView,
};

export function ChatScreen() {
  return (
    <ChatSlotsContext.Provider value={SLOTS}>
      <ChatPane />
    </ChatSlotsContext.Provider>
  );
}
