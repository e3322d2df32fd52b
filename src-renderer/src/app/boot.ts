/**
 * Startup and the events from main: loads what the app shows, applies the theme, and keeps everything current
 * (conversations, providers, health, settings, notices, streams, tool servers). After a reconnect, reloads what may have changed.
 */
import { bridge, describeError } from '../bridge';
import { useAppStore } from '../stores/app';
import { loadCatalog, reloadProviders, setHealth } from '../stores/catalog';
import {
  applyConversationUpdate,
  completeMessage,
  reloadConversation,
  resumeAfterReconnect,
  useChatStore,
} from '../stores/chat';
import { applyToList, loadConversations } from '../stores/conversations';
import { listenToStreams } from '../stores/stream';
import { applyTheme } from '../stores/theme';
import { showToast } from '../stores/toasts';
import { applyToolsChange, loadTools } from '../stores/tools';

async function loadApp(): Promise<void> {
  try {
    const [info, settings] = await Promise.all([
      bridge.call('app.info', {}),
      bridge.call('settings.get', {}),
    ]);
    useAppStore.setState({ info, settings, notices: info.notices, loadError: null });
    applyTheme(settings.theme);
  } catch (error) {
    useAppStore.setState({ loadError: describeError(error) });
  }
  await Promise.all([loadCatalog(), loadConversations(), loadTools()]);
}

function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

export function boot(): () => void {
  const refreshList = debounce(() => void loadConversations(), 300);
  const offs = [
    bridge.onStatus((connection) => {
      useAppStore.setState({ connection });
      if (connection.state === 'open' && connection.reconnected) {
        void loadApp();
        resumeAfterReconnect();
      }
    }),
    listenToStreams(completeMessage),
    bridge.on('conversations.changed', ({ ids, update }) => {
      // What changed came with the event (a message sent, an answer finished): applied as it is, nothing read.
      if (!update || !applyToList(update.conversations)) refreshList();
      const openId = useChatStore.getState().openId;
      const reread = update ? applyConversationUpdate(update) : ids;
      if (openId && reread.includes(openId)) void reloadConversation(openId).catch(() => {});
    }),
    bridge.on('providers.changed', () => void reloadProviders().catch(() => {})),
    bridge.on('health.changed', setHealth),
    bridge.on('mcp.changed', applyToolsChange),
    bridge.on('settings.changed', (settings) => {
      useAppStore.setState({ settings });
      applyTheme(settings.theme);
    }),
    bridge.on('notices.added', (notice) => {
      useAppStore.setState((s) => ({ notices: [...s.notices.filter((n) => n.id !== notice.id), notice] }));
      if (notice.level === 'error') showToast({ message: notice.message, tone: 'error' });
    }),
  ];
  useAppStore.setState({ connection: bridge.status() });
  void loadApp();
  return () => offs.forEach((off) => off());
}

export function retryLoad(): void {
  void loadApp();
}
