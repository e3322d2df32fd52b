import { ArrowRightLeft } from 'lucide-react';
import { useState } from 'react';
import type { Estimate } from '@contract/bridge';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { ErrorCallout } from '../../components/ErrorCallout';
import { loadCatalog, useCatalogStore } from '../../stores/catalog';
import { setConversationTarget, setNewChatTarget, type TargetChoice } from '../../stores/chat';
import { showError, showToast } from '../../stores/toasts';

/**
 * When main's estimate says the model a conversation or its profile names has retired: main's notice (when it
 * went, what replaces it) and one action to switch to the successor. A conversation's own model is switched for
 * the conversation; a profile's, in the profile (a built-in profile cannot change, so the conversation takes the
 * successor).
 */
export function RetiredModelNotice({
  conversationId,
  choice,
  retired,
}: {
  conversationId: string | null;
  choice: TargetChoice;
  retired: NonNullable<Estimate['retired']>;
}) {
  const [busy, setBusy] = useState(false);
  const profile = useCatalogStore((s) =>
    retired.profileId ? s.profiles.find((p) => p.id === retired.profileId) : undefined,
  );
  const successor = retired.successor;
  const inProfile = profile !== undefined && !profile.builtin;

  const switchTo = async (to: string) => {
    setBusy(true);
    try {
      if (inProfile && profile) {
        await bridge.call('profiles.upsert', { profile: { ...profile, model: to } });
        await loadCatalog();
        showToast({ message: `${profile.name} now uses ${successor?.displayName ?? to}.`, tone: 'success' });
      } else if (conversationId) {
        await setConversationTarget(conversationId, { ...choice, model: to });
      } else {
        setNewChatTarget({ ...choice, model: to });
      }
    } catch (error) {
      showError(`Could not switch: ${describeError(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const whose = profile
    ? `The profile ${profile.name} uses a model that has retired`
    : 'This model has retired';
  return (
    <div className="chat-notice">
      <ErrorCallout
        tone="warning"
        title={whose}
        actions={
          successor ? (
            <Button
              size="sm"
              variant="primary"
              icon={<ArrowRightLeft size={13} />}
              disabled={busy}
              onClick={() => void switchTo(successor.id)}
            >
              {inProfile
                ? `Switch the profile to ${successor.displayName}`
                : `Switch to ${successor.displayName}`}
            </Button>
          ) : undefined
        }
      >
        {retired.notice}
      </ErrorCallout>
    </div>
  );
}
