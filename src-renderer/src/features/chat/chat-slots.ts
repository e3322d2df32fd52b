/**
 * What the chat shows that other features make: the composer under the messages, a conversation's cost in the
 * header, an answer's cost details in its footer, export and print of a conversation. Features do not import each other; app/ fills these in.
 */
import { createContext, useContext, type ComponentType } from 'react';
import type { Conversation, Message } from '@contract/conversations';
import type { ImageLimits } from '../../lib/images/images';
import type { TargetChoice } from '../../stores/chat';

export type ChatSlots = {
  Composer: ComponentType<{
    conversationId: string | null;
    draftKey: string;
    choice: TargetChoice;
    limits: ImageLimits;
  }>;
  ConversationCost: ComponentType<{ conversation: Conversation; onOpenMessage: (messageId: string) => void }>;
  MessageCost: ComponentType<{ message: Message }>;
  /** Export of conversations (the conversation menu's Export…). */
  ExportDialog: ComponentType<{ open: boolean; onClose: () => void; conversationIds?: string[] }>;
  /** The printable view of a conversation (Print…). */
  PrintView: ComponentType<{
    conversation: Conversation;
    messages: readonly Message[];
    onClose: () => void;
    /** The chat's Markdown renderer, so the print shows answers as the chat does. */
    Markdown: ComponentType<{ text: string }>;
  }>;
};

const Nothing = () => null;

export const ChatSlotsContext = createContext<ChatSlots>({
  Composer: Nothing,
  ConversationCost: Nothing,
  MessageCost: Nothing,
  ExportDialog: Nothing,
  PrintView: Nothing,
});

export function useChatSlots(): ChatSlots {
  return useContext(ChatSlotsContext);
}
