import { MessageSquare, Pencil, Search, SquarePen, Trash } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { IconButton } from '../../components/IconButton';
import { openConversation, startNewChat, useChatStore } from '../../stores/chat';
import {
  deleteConversation,
  loadConversations,
  setConversationQuery,
  useConversationsStore,
  type ConversationListItem,
} from '../../stores/conversations';
import { navigate, useAppStore } from '../../stores/app';
import { useComposerStore } from '../../stores/composer';
import { groupByActivity } from './activity-groups';
import { RenameDialog } from './RenameDialog';
import { snippetParts } from './snippet';
import { SHORTCUTS } from '../../app/shortcuts';
import { formatLowerBound, formatMicros } from '@contract/money';

function ConversationRow({
  item,
  active,
  onRename,
}: {
  item: ConversationListItem;
  active: boolean;
  onRename: () => void;
}) {
  const draft = (useComposerStore((s) => s.drafts[item.id]) ?? item.draft ?? '').trim();
  return (
    <li className={`conversation${active ? ' is-active' : ''}`}>
      <button
        type="button"
        className="conversation-open"
        aria-current={active ? 'page' : undefined}
        onClick={() => {
          openConversation(item);
          navigate('chat');
        }}
      >
        <span className="conversation-title">{item.title || 'Untitled'}</span>
        {item.snippet ? (
          <span className="conversation-snippet">
            {snippetParts(item.snippet).map((part, i) =>
              part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
            )}
          </span>
        ) : draft && !active ? (
          <span className="conversation-snippet">
            <span className="conversation-draft">Draft:</span> {draft}
          </span>
        ) : item.costMicros > 0 ? (
          <span className="conversation-meta">
            {formatLowerBound(item.costMicros, item.costUnknown === true)}
          </span>
        ) : (
          // Imported answers: what they cost is not known here (never shown as $0).
          item.costUnknown && <span className="conversation-meta">cost unknown</span>
        )}
      </button>
      <span className="conversation-actions">
        <IconButton
          label={`Rename “${item.title}”`}
          size="sm"
          tooltip="none"
          icon={<Pencil size={13} />}
          onClick={onRename}
        />
        <IconButton
          label={`Delete “${item.title}”`}
          size="sm"
          tooltip="none"
          icon={<Trash size={13} />}
          onClick={() =>
            void deleteConversation(
              item.id,
              () => useChatStore.getState().openId === item.id && startNewChat(),
            )
          }
        />
      </span>
    </li>
  );
}

/** The sidebar's conversation list: new chat, search by title and content, grouped by last activity. */
export function ConversationList() {
  const { items, status, error, query, order } = useConversationsStore();
  const openId = useChatStore((s) => s.openId);
  const route = useAppStore((s) => s.route);
  const [search, setSearch] = useState(query);
  const [renaming, setRenaming] = useState<ConversationListItem | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (search === useConversationsStore.getState().query) return;
      setConversationQuery(search);
      void loadConversations();
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);

  const groups = useMemo(
    () =>
      order.sort === 'cost' ? [{ group: 'Highest cost first', items }] : groupByActivity(items, Date.now()),
    [items, order.sort],
  );

  return (
    <div className="conversations">
      <div className="sidebar-search">
        <Search size={14} aria-hidden />
        <input
          type="search"
          className="sidebar-search-input"
          aria-label="Search conversations"
          aria-keyshortcuts={SHORTCUTS.search}
          placeholder="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && setSearch('')}
        />
      </div>
      <nav className="conversation-scroll" aria-label="Conversations">
        {status === 'error' && <p className="sidebar-note">{error}</p>}
        {status === 'ready' && items.length === 0 && (
          <EmptyState
            icon={<MessageSquare size={20} />}
            title={query || order.minCostMicros !== null ? 'Nothing found' : 'No conversations yet'}
          >
            {query
              ? `No title or message contains “${query}”.`
              : order.minCostMicros !== null
                ? `No conversation cost ${formatMicros(order.minCostMicros)} or more.`
                : 'Your chats appear here.'}
          </EmptyState>
        )}
        {groups.map(({ group, items: rows }) => (
          <section key={group} className="conversation-group" aria-label={group}>
            <h2 className="conversation-group-label">{group}</h2>
            <ul className="conversation-items">
              {rows.map((item) => (
                <ConversationRow
                  key={item.id}
                  item={item}
                  active={route === 'chat' && item.id === openId}
                  onRename={() => setRenaming(item)}
                />
              ))}
            </ul>
          </section>
        ))}
      </nav>
      <RenameDialog conversation={renaming} onClose={() => setRenaming(null)} />
    </div>
  );
}

export function NewChatButton() {
  return (
    <IconButton
      label="New chat"
      tooltip="bottom"
      shortcut={SHORTCUTS.newChat}
      icon={<SquarePen size={16} />}
      onClick={() => {
        startNewChat();
        navigate('chat');
      }}
    />
  );
}
