import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, secureWebPreferences } from './security';
import { createMainWindow, guardWebContents, hardenSession } from './window';

type Handler = (...args: never[]) => unknown;

class FakeContents {
  handlers = new Map<string, Handler>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  on(name: string, fn: Handler) {
    this.handlers.set(name, fn);
    return this;
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
}

class FakeWindow {
  static last: FakeWindow;
  webContents = new FakeContents();
  loaded: string | null = null;
  constructor(public options: BrowserWindowConstructorOptions) {
    FakeWindow.last = this;
  }
  once() {}
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
}

function prevented(handler: Handler | undefined, ...args: unknown[]) {
  let stopped = false;
  (handler as (...a: unknown[]) => void)(
    { preventDefault: () => (stopped = true), ...((args[1] as object) ?? {}) },
    args[0],
  );
  return stopped;
}

describe('the main window', () => {
  const opened: string[] = [];
  createMainWindow({
    BrowserWindow: FakeWindow as never,
    preloadPath: '/app/preload/index.cjs',
    devTools: false,
    openExternal: async (url) => opened.push(url),
    backgroundColor: '#fff',
  });
  const win = FakeWindow.last;

  it('is created with the secure web preferences and loads the app:// entry, never file://', () => {
    expect(win.options.webPreferences).toEqual(
      secureWebPreferences('/app/preload/index.cjs', { devTools: false }),
    );
    expect(win.loaded).toBe(APP_ENTRY_URL);
  });

  it('prevents navigation, redirects, subframe navigation and webviews', () => {
    const h = win.webContents.handlers;
    expect(prevented(h.get('will-navigate'), 'https://evil.example/')).toBe(true);
    expect(prevented(h.get('will-redirect'), 'https://evil.example/')).toBe(true);
    expect(prevented(h.get('will-attach-webview'))).toBe(true);
    let stopped = false;
    (h.get('will-frame-navigate') as (e: unknown) => void)({
      preventDefault: () => (stopped = true),
      isMainFrame: false,
      url: 'https://x',
    });
    expect(stopped).toBe(true);
  });

  it('denies window.open, sending https links to the browser (which asks first) and nothing else', () => {
    expect(win.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('guards any other web contents the same way', () => {
    const other = new FakeContents();
    guardWebContents(other as never, async () => {});
    expect([...other.handlers.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ]);
    expect(other.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('the session', () => {
  it('denies every permission and cancels every network request the renderer makes', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: ((wc: unknown, p: string) => boolean) | undefined;
    let device: (() => boolean) | undefined;
    let before: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: never) => (request = fn),
      setPermissionCheckHandler: (fn: never) => (check = fn),
      setDevicePermissionHandler: (fn: never) => (device = fn),
      webRequest: { onBeforeRequest: (fn: never) => (before = fn) },
    } as never);
    const answers: boolean[] = [];
    request?.(null, 'media', (ok) => answers.push(ok));
    request?.(null, 'notifications', (ok) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(check?.(null, 'clipboard-read')).toBe(false);
    expect(device?.()).toBe(false);
    const cancelled: boolean[] = [];
    before?.({ url: 'https://tracker.example/pixel.gif' }, (r) => cancelled.push(r.cancel));
    before?.({ url: 'app://modeldesk/assets/index.js' }, (r) => cancelled.push(r.cancel));
    expect(cancelled).toEqual([true, false]);
  });
});
