/**
 * Applies the theme: `data-theme` on <html> resolved to light or dark (system follows the OS, live).
 * The choice is mirrored in localStorage so /theme-boot.js can apply it before the first paint (no flash).
 */
import type { Settings } from '@contract/settings';

export type ThemeChoice = Settings['theme'];
/** Read by public/theme-boot.js under the same name, before the app loads. */
export const THEME_STORAGE_KEY = 'modeldesk.theme';

const media = () => window.matchMedia('(prefers-color-scheme: dark)');
let current: ThemeChoice = 'system';
let listening = false;

function apply(): void {
  const dark = current === 'dark' || (current === 'system' && media().matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function applyTheme(choice: ThemeChoice): void {
  current = choice;
  try {
    localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage may be unavailable (private mode); the theme still applies for this session.
  }
  if (!listening) {
    listening = true;
    media().addEventListener('change', apply);
  }
  apply();
}
