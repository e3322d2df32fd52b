import { ImagePlus, KeyRound, MessageSquarePlus } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Message } from '@contract/conversations';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorCallout } from '../../components/ErrorCallout';
import { navigate, useAppStore } from '../../stores/app';
import { useCatalogStore } from '../../stores/catalog';
import { reloadConversation, useChatStore, type TargetChoice } from '../../stores/chat';
import { addImages, draftKey, seedDraft, useComposerStore } from '../../stores/composer';
import { limitsFor } from '../../lib/images/images';
import { useChatSlots } from './chat-slots';
import { ChatHeader } from './ChatHeader';
import { MessageList } from './MessageList';
import type { MessageActions } from './MessageView';
import { RegenerateDialog } from './RegenerateDialog';
import { RetiredModelNotice } from './RetiredModelNotice';

const NO_MESSAGES: Message[] = [];

function hasFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

function Welcome({ configured }: { configured: boolean }) {
  if (!configured) {
    return (
      <EmptyState
        icon={<KeyRound size={22} />}
        title="Add a provider to start"
        action={
          <Button variant="primary" onClick={() => navigate('settings')}>
            Open Settings
          </Button>
        }
      >
        Modeldesk talks to Anthropic, OpenAI, Azure OpenAI, Gemini, Ollama and any OpenAI-compatible server.
        Add a key (it stays encrypted on this computer) or a local server’s address.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<MessageSquarePlus size={22} />} title="Start a conversation">
      Ask anything. Drop or paste images to ask about them; Shift+Enter starts a new line. Each answer shows
      the model, its tokens and what it cost.
    </EmptyState>
  );
}

/** The chat: header with pickers, the messages, and the composer; images can be dropped anywhere on it. */
export function ChatPane() {
  const openId = useChatStore((s) => s.openId);
  const view = useChatStore((s) => (s.openId ? s.views[s.openId] : undefined)) ?? null;
  const newChat = useChatStore((s) => s.newChat);
  const settings = useAppStore((s) => s.settings);
  const models = useCatalogStore((s) => s.models);
  const providers = useCatalogStore((s) => s.providers);
  const catalogLoaded = useCatalogStore((s) => s.loaded);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const [regenerating, setRegenerating] = useState<Message | null>(null);

  const chosenProfile = view ? (view.conversation.profileId ?? null) : (newChat.profileId ?? null);
  const chosenModel = view ? (view.conversation.model ?? null) : (newChat.model ?? null);
  const choice = useMemo<TargetChoice>(
    () => ({ profileId: chosenProfile, model: chosenModel }),
    [chosenProfile, chosenModel],
  );
  const defaultProfileId = settings?.defaultProfileId ?? 'default';
  const key = draftKey(openId);
  // Images are prepared for the provider of the model main's estimate says will answer; for any when unknown.
  const estimated = useComposerStore((s) => s.estimated[key]);
  const answering = estimated?.auto ? undefined : models.find((m) => m.id === estimated?.model);
  const limits = limitsFor(providers.find((p) => p.id === answering?.provider));
  const { Composer } = useChatSlots();

  useEffect(() => {
    if (view?.conversation) seedDraft(view.conversation.id, view.conversation.draft);
  }, [view?.conversation]);

  const actions = useMemo<MessageActions>(() => ({ onOtherModel: setRegenerating }), []);

  const onDragEnter = useCallback((event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  }, []);
  const onDragLeave = useCallback(() => {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }, []);
  const onDrop = (event: DragEvent) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    addImages(key, [...event.dataTransfer.files], limits);
  };

  const messages = view?.messages ?? NO_MESSAGES;
  const configured = !catalogLoaded || providers.length === 0 || providers.some((p) => p.configured);

  return (
    <section
      className="chat-pane"
      aria-label="Chat"
      onDragEnter={onDragEnter}
      onDragOver={(e) => hasFiles(e) && e.preventDefault()}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <ChatHeader view={view} choice={choice} defaultProfileId={defaultProfileId} />
      <div className="chat-body">
        {view?.status === 'error' && (
          <div className="chat-error">
            <ErrorCallout
              title="This conversation could not be opened"
              actions={
                <Button size="sm" onClick={() => void reloadConversation(view.conversation.id)}>
                  Try again
                </Button>
              }
            >
              {view.error}
            </ErrorCallout>
          </div>
        )}
        {messages.length > 0 ? (
          <MessageList key={openId ?? 'new'} messages={messages} actions={actions} />
        ) : (
          view?.status !== 'loading' && view?.status !== 'error' && <Welcome configured={configured} />
        )}
        {dragging && (
          <div className="drop-overlay" aria-hidden>
            <ImagePlus size={28} />
            <p>Drop images to attach them</p>
            <p className="drop-overlay-hint">PNG, JPEG, GIF or WebP</p>
          </div>
        )}
      </div>
      {estimated?.retired && (
        <RetiredModelNotice conversationId={openId} choice={choice} retired={estimated.retired} />
      )}
      <Composer conversationId={openId} draftKey={key} choice={choice} limits={limits} />
      <RegenerateDialog message={regenerating} onClose={() => setRegenerating(null)} />
    </section>
  );
}
