import { EyeOff, Layers } from 'lucide-react';
import type { Message } from '@contract/conversations';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { copyText } from '../../lib/clipboard';
import { deleteMessage } from '../../stores/chat';
import { showToast } from '../../stores/toasts';

export async function copyMessage(text: string): Promise<void> {
  showToast({
    message: (await copyText(text)) ? 'Copied to the clipboard' : 'The clipboard is not available here',
    timeoutMs: 2000,
  });
}

export function DeleteDialog({
  open,
  onClose,
  message,
}: {
  open: boolean;
  onClose: () => void;
  message: Message;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="Delete this message?"
      description="It is removed from the conversation and from what the model sees next. This cannot be undone."
      footer={
        <>
          <Button onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onClose();
              void deleteMessage(message);
            }}
          >
            Delete
          </Button>
        </>
      }
    />
  );
}

/** Says that the context strategy leaves this message out of the next call, and how. */
export function ExcludedNote({ excluded }: { excluded: NonNullable<Message['excluded']> }) {
  return excluded === 'dropped' ? (
    <p className="message-excluded">
      <EyeOff size={12} aria-hidden />
      Left out of the next call to fit the context window
    </p>
  ) : (
    <p className="message-excluded">
      <Layers size={12} aria-hidden />
      Summarized: the summary below is sent in its place
    </p>
  );
}
