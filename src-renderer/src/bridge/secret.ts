/** Where the web host's per-run secret is kept for reloads of this tab (never localStorage: it dies with the tab). */
export const SECRET_STORAGE_KEY = 'modeldesk.bridgeSecret';

type LocationLike = Pick<Location, 'href'>;
type HistoryLike = Pick<History, 'replaceState' | 'state'>;
type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Reads the web host's secret from the page URL's `?secret=`, removes it from the address bar (so it does not end
 * up in history, bookmarks or screenshots) and keeps it in sessionStorage for reloads. Without one in the URL, the
 * stored one is used; null when there is neither.
 */
export function takeBridgeSecret(
  location: LocationLike,
  history: HistoryLike,
  storage: StorageLike,
): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('secret');
  if (fromUrl) {
    storage.setItem(SECRET_STORAGE_KEY, fromUrl);
    url.searchParams.delete('secret');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return storage.getItem(SECRET_STORAGE_KEY);
}
