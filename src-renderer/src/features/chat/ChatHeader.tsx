import { Download, Ellipsis, Pencil, Printer, Trash } from 'lucide-react';
import { useState } from 'react';
import { Menu } from '../../components/Menu';
import { ProfilePicker, profileModelLabel } from '../../components/pickers/ProfilePicker';
import { ModelPicker } from '../../components/pickers/ModelPicker';
import { useCatalogStore, useModelNames } from '../../stores/catalog';
import {
  revealMessage,
  setConversationTarget,
  setNewChatTarget,
  startNewChat,
  type ConversationView,
  type TargetChoice,
} from '../../stores/chat';
import { deleteConversation } from '../../stores/conversations';
import { useChatSlots } from './chat-slots';
import { Markdown } from './markdown/Markdown';
import { RenameDialog } from './RenameDialog';

/** An answer's Markdown for the printed view: finished, never streaming. */
function PrintedMarkdown({ text }: { text: string }) {
  return <Markdown text={text} />;
}

/** The chat's header: its title and actions, and the Profile and Model pickers (remembered per conversation). */
export function ChatHeader({
  view,
  choice,
  defaultProfileId,
}: {
  view: ConversationView | null;
  choice: TargetChoice;
  defaultProfileId: string;
}) {
  const models = useCatalogStore((s) => s.models);
  const profiles = useCatalogStore((s) => s.profiles);
  const providers = useCatalogStore((s) => s.providers);
  const health = useCatalogStore((s) => s.health);
  const [renaming, setRenaming] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [printing, setPrinting] = useState(false);
  const conversation = view?.conversation ?? null;

  const modelName = useModelNames();
  const { ConversationCost, ExportDialog, PrintView } = useChatSlots();
  const profileId = choice.profileId ?? defaultProfileId;
  const profileModel = profileModelLabel(
    profiles.find((p) => p.id === profileId),
    profiles,
    modelName,
  );
  const choose = (next: TargetChoice) => {
    if (conversation) void setConversationTarget(conversation.id, next);
    else setNewChatTarget(next);
  };

  return (
    <header className="chat-header">
      <h1 className="chat-title">{conversation?.title ?? 'New chat'}</h1>
      <div className="chat-header-controls">
        {conversation && <ConversationCost conversation={conversation} onOpenMessage={revealMessage} />}
        <ProfilePicker
          value={profileId}
          onChange={(profileId) => choose({ profileId })}
          profiles={profiles}
          modelName={modelName}
        />
        <ModelPicker
          value={choice.model ?? null}
          onChange={(model) => choose({ model })}
          models={models}
          providers={providers}
          health={health}
          profileModelName={profileModel}
        />
        {conversation && (
          <Menu
            label="Conversation actions"
            icon={<Ellipsis size={16} />}
            items={[
              {
                id: 'rename',
                label: 'Rename…',
                icon: <Pencil size={14} />,
                onSelect: () => setRenaming(true),
              },
              {
                id: 'export',
                label: 'Export…',
                icon: <Download size={14} />,
                onSelect: () => setExporting(true),
              },
              {
                id: 'print',
                label: 'Print…',
                icon: <Printer size={14} />,
                onSelect: () => setPrinting(true),
              },
              {
                id: 'delete',
                label: 'Delete',
                icon: <Trash size={14} />,
                danger: true,
                onSelect: () => void deleteConversation(conversation.id, startNewChat),
              },
            ]}
          />
        )}
      </div>
      <RenameDialog conversation={renaming ? conversation : null} onClose={() => setRenaming(false)} />
      {conversation && (
        <ExportDialog
          open={exporting}
          onClose={() => setExporting(false)}
          conversationIds={[conversation.id]}
        />
      )}
      {printing && conversation && view && (
        <PrintView
          conversation={conversation}
          messages={view.messages}
          onClose={() => setPrinting(false)}
          Markdown={PrintedMarkdown}
        />
      )}
    </header>
  );
}
