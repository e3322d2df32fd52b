/** The main window and its session, with every security decision of security.ts applied. */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session } from 'electron';
import {
  APP_ENTRY_URL,
  isAllowedRendererRequest,
  permissionDecision,
  secureWebPreferences,
  shouldPreventNavigation,
  windowOpenDecision,
} from './security';

export type WindowDeps = {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  preloadPath: string;
  devTools: boolean;
  /** The dev server URL under `npm run dev`; the app:// entry otherwise. */
  entryUrl?: string;
  openExternal: (url: string) => Promise<unknown>;
  backgroundColor: string;
};

export function createMainWindow(deps: WindowDeps): BrowserWindowType {
  const win = new deps.BrowserWindow({
    title: 'Modeldesk',
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: deps.backgroundColor,
    webPreferences: secureWebPreferences(deps.preloadPath, { devTools: deps.devTools }),
  });
  guardWebContents(win.webContents, deps.openExternal);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(deps.entryUrl ?? APP_ENTRY_URL);
  return win;
}

type GuardedContents = Pick<BrowserWindowType['webContents'], 'on' | 'setWindowOpenHandler'>;

/** Applied to the main window and, through `web-contents-created`, to any contents that ever appear. */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => Promise<unknown>) {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (shouldPreventNavigation(url)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on(
    'will-frame-navigate',
    (event: { preventDefault(): void; url: string; isMainFrame: boolean }) => {
      if (!event.isMainFrame) event.preventDefault();
    },
  );
  contents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void openExternal(url);
    return { action: decision.action };
  });
}

export function hardenSession(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
  >,
  devOrigin?: string,
) {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed =
      isAllowedRendererRequest(details.url) || (devOrigin !== undefined && details.url.startsWith(devOrigin));
    callback({ cancel: !allowed });
  });
}
