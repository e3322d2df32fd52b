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
  /** The Settings section asked for from elsewhere ("Back up or restore…"), read once when Settings opens. */
  settingsSection: string | null;
};

export const useAppStore = create<AppState>(() => ({
  route: routeFromHash(typeof location === 'undefined' ? '' : location.hash),
  info: null,
  settings: null,
  notices: [],
  connection: { state: 'connecting', attempt: 0, reconnected: false },
  loadError: null,
  settingsSection: null,
}));

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'chat';
}

/** Shows a screen (Settings at one of its sections); the address bar's hash follows, so a reload stays on it. */
export function navigate(route: Route, options: { settingsSection?: string } = {}): void {
  useAppStore.setState({ route, settingsSection: options.settingsSection ?? null });
  const hash = route === 'chat' ? '' : `#/${route}`;
  if (location.hash !== hash)
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

/** The Settings section asked for by `navigate`, once: later visits open at the first section. */
export function takeSettingsSection(): string | null {
  const section = useAppStore.getState().settingsSection;
  if (section !== null) useAppStore.setState({ settingsSection: null });
  return section;
}
