/**
 * App-wide keyboard shortcuts (Ctrl on Windows and Linux, ⌘ on a Mac):
 *   Ctrl+Shift+O  new chat          Ctrl+K  search conversations
 *   Shift+Esc     focus the message box           Ctrl+,  settings
 */
import { navigate } from '../stores/app';
import { startNewChat } from '../stores/chat';

export const SHORTCUTS = {
  newChat: 'Control+Shift+O',
  search: 'Control+K',
  focusComposer: 'Shift+Escape',
  settings: 'Control+,',
} as const;

function focusLater(selector: string): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}

export function handleShortcut(event: KeyboardEvent): boolean {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && event.shiftKey && key === 'o') {
    startNewChat();
    navigate('chat');
    focusLater('textarea[aria-label="Message"]');
    return true;
  }
  if (mod && !event.shiftKey && key === 'k') {
    navigate('chat');
    focusLater('input[aria-label="Search conversations"]');
    return true;
  }
  if (mod && key === ',') {
    navigate('settings');
    return true;
  }
  if (event.shiftKey && key === 'escape') {
    focusLater('textarea[aria-label="Message"]');
    return true;
  }
  return false;
}

/** Listens for the shortcuts on the whole window; returns the unsubscribe. */
export function listenToShortcuts(): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (handleShortcut(event)) event.preventDefault();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
