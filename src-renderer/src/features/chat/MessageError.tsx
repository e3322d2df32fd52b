import type { Message } from '@contract/conversations';
import type { ErrorInfo } from '@contract/usage';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { navigate } from '../../stores/app';
import { regenerate } from '../../stores/chat';
import { presentError } from './error-presentation';

/** A failed answer in place: what happened, in words, and the actions that fix it. */
export function MessageError({
  message,
  error,
  onOtherModel,
}: {
  message: Message;
  error: ErrorInfo;
  onOtherModel: () => void;
}) {
  const { title, actions } = presentError(error);
  return (
    <ErrorCallout
      title={title}
      actions={actions.map((action) =>
        action === 'open-settings' ? (
          <Button key={action} size="sm" variant="primary" onClick={() => navigate('settings')}>
            Open Settings
          </Button>
        ) : action === 'retry' ? (
          <Button key={action} size="sm" variant="secondary" onClick={() => void regenerate(message)}>
            Try again
          </Button>
        ) : (
          <Button key={action} size="sm" variant="ghost" onClick={onOtherModel}>
            Try another model
          </Button>
        ),
      )}
    >
      <p>
        {error.message}
        {error.action ? ` ${error.action}` : ''}
      </p>
    </ErrorCallout>
  );
}
