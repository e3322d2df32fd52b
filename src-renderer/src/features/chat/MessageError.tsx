import type { Message } from '@contract/conversations';
import type { ErrorInfo } from '@contract/usage';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { useCatalogStore, useProviderNames } from '../../stores/catalog';
import { regenerate, useChatStore } from '../../stores/chat';
import { fallbackOffer, isOutage } from './answer-facts';
import { errorText, presentError } from '../../lib/error-presentation';
import { NavigationOffers } from '../../lib/NavigationOffers';

/** Whether the conversation has images anywhere (an offered model must then see them). */
function useConversationHasImages(conversationId: string): boolean {
  return useChatStore(
    (s) => s.views[conversationId]?.messages.some((m) => m.attachments.length > 0) ?? false,
  );
}

/**
 * A failed answer in place: what happened, in words, and the actions that fix it. A provider that is down or
 * overloaded comes with a concrete model to answer instead, from the profile's fallback chain when it has one.
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
  const models = useCatalogStore((s) => s.models);
  const profile = useCatalogStore((s) => s.profiles.find((p) => p.id === message.profileId));
  const needsVision = useConversationHasImages(message.conversationId);
  const offer = isOutage(error) ? fallbackOffer(message, profile, models, needsVision) : undefined;
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
