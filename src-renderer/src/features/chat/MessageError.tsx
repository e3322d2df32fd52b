import type { Message } from '@contract/conversations';
import type { ErrorInfo } from '@contract/usage';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { useCatalogStore, useProviderNames } from '../../stores/catalog';
import { regenerate } from '../../stores/chat';
import { errorText, presentError } from '../../lib/error-presentation';
import { NavigationOffers } from '../../lib/NavigationOffers';

/**
 * A failed answer in place: what happened, in words, and the actions that fix it. A provider that is down or
 * overloaded comes with a concrete model to answer instead: main's choice (`error.instead`), shown, not made here.
 */
export function MessageError({
  message,
  error,
  onOtherModel,
}: {
  message: Message;
  error: ErrorInfo;
  onOtherModel: () => void;
}) {
  const { title, actions } = presentError(error, useProviderNames());
  const offer = useCatalogStore((s) =>
    error.instead === undefined ? undefined : s.models.find((m) => m.id === error.instead),
  );
  return (
    <ErrorCallout
      title={title}
      actions={
        <>
          {offer && (
            <Button size="sm" variant="primary" onClick={() => void regenerate(message, offer.id)}>
              Use {offer.displayName} instead
            </Button>
          )}
          <NavigationOffers offers={actions} look="button" />
          {actions.includes('retry') && (
            <Button size="sm" variant="secondary" onClick={() => void regenerate(message)}>
              Try again
            </Button>
          )}
          {actions.includes('other-model') && (
            <Button size="sm" variant="ghost" onClick={onOtherModel}>
              {offer ? 'Another model…' : 'Try another model'}
            </Button>
          )}
        </>
      }
    >
      <p>{errorText(error)}</p>
    </ErrorCallout>
  );
}
