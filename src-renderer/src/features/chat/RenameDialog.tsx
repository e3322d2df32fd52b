import { useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { renameConversation } from '../../stores/conversations';

export function RenameDialog({
  conversation,
  onClose,
}: {
  conversation: { id: string; title: string } | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={conversation !== null} onClose={onClose} title="Rename conversation" size="sm">
      {conversation && <RenameForm key={conversation.id} conversation={conversation} onClose={onClose} />}
    </Dialog>
  );
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
    <form
      className="dialog-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title.trim()) return;
        void renameConversation(conversation.id, title);
        onClose();
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
      <div className="dialog-footer">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={!title.trim()}>
          Rename
        </Button>
      </div>
    </form>
  );
}
