/**
 * Every item of the Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * decided here, in one place, as plain data and functions that tests check one by one.
 * The shell (window.ts, ipc.ts, app-protocol.ts, main.ts) only applies these decisions.
 */

/** The renderer is served from this origin by our own protocol (checklist 18: no file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'modeldesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges of app://: standard and secure (so the page is a secure context), fetch allowed; nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  bypassCSP: false,
  allowServiceWorkers: false,
  stream: true,
  codeCache: true,
} as const;

/**
 * Checklist 2 (no Node integration for remote content), 3 (context isolation), 4 (process sandboxing),
 * 6 (webSecurity), 8 (no allowRunningInsecureContent), 9 (no experimental features), 10 (no enableBlinkFeatures),
 * 11 (no <webview>).
 */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: options.devTools,
  } as const;
}

/** Checklist 13 (limit navigation): the page never navigates anywhere, not even within the app. */
export function shouldPreventNavigation(_url: string): boolean {
  return true;
}

/** Checklist 14 (limit new windows): never open one; https links go to the system browser after the user confirms. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: checkExternalUrl(url).ok };
}

/**
 * Checklist 15 (no shell.openExternal with untrusted content): the only links that may leave the app are
 * https URLs without credentials, of a sane length. Model output is untrusted, so every link passes here.
 */
export function checkExternalUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  if (raw.length > 4096) return { ok: false, reason: 'The link is too long to open.' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'That is not a valid link.' };
  }
  if (url.protocol !== 'https:') {
    return {
      ok: false,
      reason: `Only https links open outside Modeldesk; this one is ${url.protocol.replace(':', '')}.`,
    };
  }
  if (url.username || url.password)
    return { ok: false, reason: 'Links carrying a user name or password are not opened.' };
  return { ok: true, url: url.toString() };
}

/** Checklist 5 (permission requests): every permission is denied, camera to notifications. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** Checklist 17 (validate the sender of all IPC messages): the main frame of our own page, nothing else. */
export type SenderFrame = { url: string; parent: unknown | null; top?: unknown } | null | undefined;

export function isTrustedSender(frame: SenderFrame, devOrigin?: string): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  let origin: string;
  try {
    // URL.origin is "null" for custom schemes in Node; build scheme://host as Chromium reports it.
    const url = new URL(frame.url);
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  // Chromium reports a standard custom scheme's origin as scheme://host. The dev server's origin is trusted only
  // in development (`npm run dev`), never in a packaged app: main passes it only then.
  return origin === APP_ORIGIN || (devOrigin !== undefined && origin === devOrigin);
}

/**
 * Checklist 17, continued: the only IPC channels are the contract's. electron-store listens on this one (sync IPC
 * giving a renderer-side store the data folder and version); Modeldesk's renderer has no store, so the shell
 * removes that listener (settings-file.ts).
 */
export const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

/** The renderer needs no network: any request that is not app:// (or a devtools/data/blob URL) is cancelled. */
export function isAllowedRendererRequest(url: string): boolean {
  return /^(app:\/\/modeldesk\/|data:|blob:|devtools:|chrome-extension:\/\/)/.test(url);
}

/**
 * Electron fuses (set at packaging time in build/electron-builder.yml, checked by a test against this list):
 * no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect, encrypted cookies, ASAR integrity, load only from ASAR,
 * no extra privileges for file://.
 */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;
