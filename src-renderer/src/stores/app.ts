import { create } from 'zustand';
import type { AppInfo, Notice } from '@contract/bridge';
import type { Settings } from '@contract/settings';
import type { ConnectionStatus } from '../bridge';

export type Route = 'chat' | 'settings' | 'costs' | 'batch';
const ROUTES: readonly Route[] = ['chat', 'settings', 'costs', 'batch'];

type AppState = {
  route: Route;
  info: AppInfo | null;
  settings: Settings | null;
  notices: Notice[];
  connection: ConnectionStatus;
  /** Set when the first load failed: the app shows it with a way to retry. */
  loadError: string | null;
};

export const useAppStore = create<AppState>(() => ({
  route: routeFromHash(typeof location === 'undefined' ? '' : location.hash),
  info: null,
  settings: null,
  notices: [],
  connection: { state: 'connecting', attempt: 0, reconnected: false },
  loadError: null,
}));

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'chat';
}

/** Shows a screen; the address bar's hash follows, so a reload stays on it. */
export function navigate(route: Route): void {
  useAppStore.setState({ route });
  const hash = route === 'chat' ? '' : `#/${route}`;
  if (location.hash !== hash)
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}
