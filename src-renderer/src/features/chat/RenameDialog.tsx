import { useState } from 'react';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { renameConversation } from '../../stores/conversations';

export function RenameDialog({
  conversation,
  onClose,
}: {
  conversation: { id: string; title: string } | null;
  onClose: () => void;
}) {
  return conversation && <RenameForm key={conversation.id} conversation={conversation} onClose={onClose} />;
}

function RenameForm({
  conversation,
  onClose,
}: {
  conversation: { id: string; title: string };
  onClose: () => void;
}) {
  const [title, setTitle] = useState(conversation.title);
  return (
    <FormDialog
      onClose={onClose}
      title="Rename conversation"
      size="sm"
      layout="stack"
      submitLabel="Rename"
      submitDisabled={!title.trim()}
      onSubmit={() => {
        if (!title.trim()) return false;
        void renameConversation(conversation.id, title);
        return true;
      }}
    >
      <Field
        label="Title"
        value={title}
        maxLength={300}
        data-autofocus
        onChange={(e) => setTitle(e.target.value)}
        onFocus={(e) => e.target.select()}
        error={title.trim() ? null : 'A title cannot be empty.'}
      />
    </FormDialog>
  );
}
