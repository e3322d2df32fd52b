import { TriangleAlert, Wrench } from 'lucide-react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ToolChoice, ToolChoiceView } from '@contract/tools';
import { bridge, describeError } from '../../bridge';
import { Button } from '../../components/Button';
import { closeOnEscape, useOutsidePress, usePopoverPosition } from '../../components/popover';
import { ToolChoiceEditor } from '../../components/ToolChoiceEditor';
import { useCatalogStore } from '../../stores/catalog';
import { useToolsStore } from '../../stores/tools';
import type { TargetChoice } from '../../stores/chat';

const SOURCE_WORDS: Record<ToolChoiceView['source'], string> = {
  conversation: 'chosen for this conversation',
  profile: 'from the profile',
  none: 'none chosen',
};

/** Main's verdict on the tools of the next answer, asked again when servers, profiles or the target change. */
function useToolChoice(conversationId: string | null, choice: TargetChoice) {
  const [view, setView] = useState<ToolChoiceView | null>(null);
  const revision = useToolsStore((s) => s.revision);
  const pending = useToolsStore((s) => (conversationId ? null : s.newChatChoice));
  const profiles = useCatalogStore((s) => s.profiles);
  const profileId = choice.profileId ?? null;
  useEffect(() => {
    let current = true;
    const target = conversationId || !profileId ? {} : { profileId };
    bridge
      .call('tools.choice', {
        ...(conversationId ? { conversationId } : {}),
        target,
        ...(pending ? { choice: pending } : {}),
      })
      .then((v) => current && setView(v))
      .catch(() => current && setView(null));
    return () => {
      current = false;
    };
  }, [conversationId, profileId, revision, profiles, pending]);
  return [view, setView] as const;
}

/**
 * The composer's tools control: how many tools the next answer may use and where that comes from; it opens the
 * conversation's choice (by server and by tool); a new chat's choice is kept until its first message creates it.
 */
export function ToolsControl({
  conversationId,
  choice,
}: {
  conversationId: string | null;
  choice: TargetChoice;
}) {
  const [view, setView] = useToolChoice(conversationId, choice);
  // What the user just chose shows at once; main's verdict (what is on) follows.
  const [shown, setShown] = useState<{ for: ToolChoiceView; choice: ToolChoice } | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const style = usePopoverPosition(trigger, open, 'top-start');
  const close = useCallback(() => setOpen(false), []);
  useOutsidePress([trigger, panel], open, close);

  if (!view || view.servers.length === 0) return null;
  const unavailable = view.unavailable.map((u) => `“${u.name}” did not start`).join('; ');
  const label =
    `Tools: ${view.onCount === 0 ? 'off' : `${view.onCount} on`} (${SOURCE_WORDS[view.source]})` +
    (unavailable ? `; ${unavailable}` : '');

  const save = (next: ToolChoice | null) => {
    if (view && next) setShown({ for: view, choice: next });
    // A new chat keeps its choice until its first message creates it.
    if (!conversationId) {
      useToolsStore.setState({ newChatChoice: next });
      return;
    }
    setError(null);
    bridge
      .call('tools.setConversationChoice', { conversationId, choice: next })
      .then(setView)
      .catch((e: unknown) => setError(describeError(e)));
  };

  return (
    <>
      <Button
        ref={trigger}
        size="sm"
        variant="ghost"
        className={`composer-tools${view.onCount > 0 ? ' is-on' : ''}${unavailable ? ' has-problem' : ''}`}
        icon={unavailable ? <TriangleAlert size={14} aria-hidden /> : <Wrench size={14} aria-hidden />}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {view.onCount > 0 ? view.onCount : null}
      </Button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          role="dialog"
          aria-label="Tools for this conversation"
          className="popover composer-tools-panel"
          style={style}
          onKeyDown={closeOnEscape(() => setOpen(false), trigger)}
        >
          <ToolChoiceEditor
            label={`Tools the model may use here (${SOURCE_WORDS[view.source]})`}
            servers={view.servers}
            choice={shown?.for === view ? shown.choice : view.choice}
            onChange={(next: ToolChoice) => save(next)}
          />
          {view.unavailable.map((u) => (
            <p key={u.server} className="composer-tools-problem" role="status">
              “{u.name}” did not start: {u.message} Answers go without its tools until it starts; Settings →
              Tools shows its log.
            </p>
          ))}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          {view.source === 'conversation' && (
            <Button size="sm" variant="ghost" onClick={() => save(null)}>
              Use the profile’s tools
            </Button>
          )}
        </div>
      )}
    </>
  );
}
