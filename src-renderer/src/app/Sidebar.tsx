import { ChartColumn, Images, MessageSquare, Settings } from 'lucide-react';
import type { ReactNode } from 'react';
import { navigate, useAppStore, type Route } from '../stores/app';
import { ConversationList, NewChatButton } from '../features/chat/ConversationList';
import { ConversationSortControl } from '../features/costs/ConversationSortControl';
import { TransferMenu } from '../features/transfer/TransferMenu';

const NAV: Array<{ route: Route; label: string; icon: ReactNode }> = [
  { route: 'chat', label: 'Chat', icon: <MessageSquare size={16} aria-hidden /> },
  { route: 'costs', label: 'Costs', icon: <ChartColumn size={16} aria-hidden /> },
  { route: 'batch', label: 'Batch', icon: <Images size={16} aria-hidden /> },
  { route: 'settings', label: 'Settings', icon: <Settings size={16} aria-hidden /> },
];

export function Sidebar() {
  const route = useAppStore((s) => s.route);
  return (
    <aside className="sidebar">
      <div className="sidebar-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden />
          Modeldesk
        </span>
        <span className="sidebar-top-actions">
          <ConversationSortControl />
          <TransferMenu />
          <NewChatButton />
        </span>
      </div>
      <ConversationList />
      <nav className="sidebar-nav" aria-label="Sections">
        {NAV.map((item) => (
          <button
            key={item.route}
            type="button"
            className="nav-item"
            aria-current={route === item.route ? 'page' : undefined}
            onClick={() => navigate(item.route)}
          >
            {item.icon}
            {item.label}
          </button>
        ))}
      </nav>
    </aside>
  );
}
