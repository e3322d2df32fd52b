/**
 * A recording stand-in for the `electron` module, for running the built shell (out/main/index.js) and the built
 * preload (out/preload/index.cjs) where Electron's binary is absent. Each part implements, under Electron's own
 * name, the members the shell, the preload and electron-store use, and each is checked at compile time against
 * node_modules/electron/electron.d.ts (`satisfies Pick<…>`), so a renamed method or a changed signature in an
 * Electron upgrade fails the typecheck here instead of hiding behind the missing binary. (Event methods, `on`,
 * `once`, `emit`, come from Node's EventEmitter, which Electron's own objects extend too.)
 *
 * It behaves as Electron does where the shell relies on it: `app.whenReady()` waits for `ready()`,
 * `protocol.registerSchemesAsPrivileged` throws after ready, `ipcMain.handle` throws on a second handler for a
 * channel, `app.quit()` emits a cancellable `before-quit`. It records every call in order (`calls`, each marked
 * with whether the app was ready), and gives tests what a window or a page would do: `invoke` a channel as a frame,
 * see what was `sent` to a window, close a window, quit.
 *
 * `installElectronStandIn` makes `import … from 'electron'` resolve to a stand-in in this process (Node's module
 * hooks): for the bundle, and for packages like electron-store that import electron themselves.
 */
import { EventEmitter } from 'node:events';
import { registerHooks } from 'node:module';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  ContextBridge,
  CustomScheme,
  Dialog,
  IpcMain,
  IpcMainInvokeEvent,
  IpcRenderer,
  IpcRendererEvent,
  NativeTheme,
  Protocol,
  SafeStorage,
  Session,
  Shell,
  WebContents,
  WebRequest,
  WebRequestFilter,
} from 'electron';

type ElectronModule = typeof Electron.CrossProcessExports;
/** The last overload's only parameter: the listener. */
type BeforeRequestListener = Parameters<WebRequest['onBeforeRequest']>[0];
/** Only names Electron exports. */
type ElectronNames = { [K in keyof ElectronModule]?: unknown };

export type Recorded = { api: string; args: unknown[]; afterReady: boolean };
export type SenderFrame = { url: string; parent: unknown | null };
type InvokeHandler = Parameters<IpcMain['handle']>[1];

export type MainStandInOptions = {
  /** What `app.getPath('userData')` answers before the shell sets it. */
  userData: string;
  version?: string;
  /** safeStorage: whether encryption is available, and Linux's backend (`basic_text` is weak). */
  encryptionAvailable?: boolean;
  storageBackend?: ReturnType<SafeStorage['getSelectedStorageBackend']>;
  /** The button `dialog.showMessageBox` answers with (1: Cancel in the shell's link dialog). */
  messageBoxResponse?: number;
};

/** The stand-in's cipher: reversible, plainly not the input, and recognisable in a file. */
export const STAND_IN_CIPHER_PREFIX = 'stand-in-safe-storage:';
export function standInEncrypt(plain: string): Buffer {
  const bytes = Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a);
  return Buffer.concat([Buffer.from(STAND_IN_CIPHER_PREFIX), bytes]);
}
function standInDecrypt(cipher: Buffer): string {
  const prefix = Buffer.from(STAND_IN_CIPHER_PREFIX);
  if (!cipher.subarray(0, prefix.length).equals(prefix))
    throw new Error('Error while decrypting the ciphertext');
  return Buffer.from(cipher.subarray(prefix.length).map((b) => b ^ 0x5a)).toString('utf8');
}

let nextWebContentsId = 1;

export class StandInWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: Parameters<WebContents['setWindowOpenHandler']>[0] | undefined;
  private destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload: args[0] });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: Parameters<WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }
  destroy() {
    this.destroyed = true;
  }
}

export function createMainStandIn(options: MainStandInOptions) {
  const calls: Recorded[] = [];
  let isReady = false;
  let resolveReady: () => void = () => {};
  const whenReadyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  const record = (api: string, ...args: unknown[]) => calls.push({ api, args, afterReady: isReady });
  const paths = new Map<string, string>([['userData', options.userData]]);
  let quitted = false;
  let resolveQuit: () => void = () => {};
  const quitPromise = new Promise<void>((resolve) => (resolveQuit = resolve));

  class StandInApp extends EventEmitter {
    readonly isPackaged = false;
    whenReady(): Promise<void> {
      record('app.whenReady');
      return whenReadyPromise;
    }
    isReady(): boolean {
      return isReady;
    }
    enableSandbox(): void {
      if (isReady) throw new Error('app.enableSandbox() can only be called before app is ready');
      record('app.enableSandbox');
    }
    requestSingleInstanceLock(): boolean {
      record('app.requestSingleInstanceLock');
      return true;
    }
    getPath(name: Parameters<App['getPath']>[0]): string {
      const path = paths.get(name);
      if (path === undefined) throw new Error(`The stand-in has no path for ${name}`);
      return path;
    }
    setPath(name: string, path: string): void {
      record('app.setPath', name, path);
      paths.set(name, path);
    }
    getVersion(): string {
      return options.version ?? '0.1.0-stand-in';
    }
    quit(): void {
      record('app.quit');
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      quitted = true;
      resolveQuit();
    }
  }
  const app = new StandInApp() satisfies Pick<
    App,
    | 'whenReady'
    | 'isReady'
    | 'enableSandbox'
    | 'requestSingleInstanceLock'
    | 'getPath'
    | 'setPath'
    | 'getVersion'
    | 'quit'
    | 'isPackaged'
  >;

  const windows: StandInWindow[] = [];
  class StandInWindow {
    static getAllWindows(): StandInWindow[] {
      return windows.filter((w) => !w.closed);
    }
    static getFocusedWindow(): StandInWindow | null {
      return StandInWindow.getAllWindows()[0] ?? null;
    }
    readonly webContents = new StandInWebContents();
    readonly loaded: string[] = [];
    closed = false;
    shown = false;
    readonly events = new EventEmitter();
    constructor(readonly options: BrowserWindowConstructorOptions) {
      record('new BrowserWindow', options);
      windows.push(this);
    }
    on(event: string, listener: (...args: unknown[]) => void): this {
      this.events.on(event, listener);
      return this;
    }
    once(event: string, listener: (...args: unknown[]) => void): this {
      this.events.once(event, listener);
      return this;
    }
    emit(event: string, ...args: unknown[]): boolean {
      return this.events.emit(event, ...args);
    }
    async loadURL(url: string): Promise<void> {
      record('BrowserWindow.loadURL', url);
      this.loaded.push(url);
    }
    show(): void {
      this.shown = true;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
    close(): void {
      this.closed = true;
      this.webContents.destroy();
      this.emit('closed');
    }
  }
  /** Compile-time check: the window members the shell calls have BrowserWindow's signatures. */
  const _asBrowserWindow = (
    w: StandInWindow,
  ): Pick<BrowserWindow, 'loadURL' | 'show' | 'isMinimized' | 'restore' | 'focus' | 'close'> => w;

  const invokeHandlers = new Map<string, InvokeHandler>();
  class StandInIpcMain extends EventEmitter {
    handle(channel: string, listener: InvokeHandler): void {
      record('ipcMain.handle', channel);
      if (invokeHandlers.has(channel)) {
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      }
      invokeHandlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      record('ipcMain.removeHandler', channel);
      invokeHandlers.delete(channel);
    }
  }
  const ipcMain = new StandInIpcMain() satisfies Pick<IpcMain, 'handle' | 'removeHandler'>;

  const schemes: CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
      record('protocol.registerSchemesAsPrivileged', customSchemes);
      if (isReady)
        throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      schemes.push(...customSchemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      record('protocol.handle', scheme);
      if (!isReady) throw new Error('protocol.handle may only be called after app is ready');
      protocolHandlers.set(scheme, handler);
    },
  } satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

  const safeStorage = {
    async isAsyncEncryptionAvailable(): Promise<boolean> {
      record('safeStorage.isAsyncEncryptionAvailable');
      return options.encryptionAvailable ?? true;
    },
    getSelectedStorageBackend() {
      record('safeStorage.getSelectedStorageBackend');
      return options.storageBackend ?? 'gnome_libsecret';
    },
    async encryptStringAsync(plainText: string): Promise<Buffer> {
      record('safeStorage.encryptStringAsync');
      if (options.encryptionAvailable === false) throw new Error('Encryption is not available.');
      return standInEncrypt(plainText);
    },
    async decryptStringAsync(encrypted: Buffer) {
      record('safeStorage.decryptStringAsync');
      return { shouldReEncrypt: false, result: standInDecrypt(encrypted) };
    },
  } satisfies Pick<
    SafeStorage,
    'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptStringAsync' | 'decryptStringAsync'
  >;

  const sessionHandlers: {
    permissionRequest?: Parameters<Session['setPermissionRequestHandler']>[0];
    permissionCheck?: Parameters<Session['setPermissionCheckHandler']>[0];
    devicePermission?: Parameters<Session['setDevicePermissionHandler']>[0];
    beforeRequest?: BeforeRequestListener;
  } = {};
  const webRequest = {
    onBeforeRequest(...args: [WebRequestFilter, BeforeRequestListener] | [BeforeRequestListener]): void {
      record('session.webRequest.onBeforeRequest');
      sessionHandlers.beforeRequest = args.length === 1 ? args[0] : args[1];
    },
  } satisfies Pick<WebRequest, 'onBeforeRequest'>;
  const defaultSession = {
    setPermissionRequestHandler(handler: Parameters<Session['setPermissionRequestHandler']>[0]): void {
      record('session.setPermissionRequestHandler');
      sessionHandlers.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: Parameters<Session['setPermissionCheckHandler']>[0]): void {
      record('session.setPermissionCheckHandler');
      sessionHandlers.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: Parameters<Session['setDevicePermissionHandler']>[0]): void {
      record('session.setDevicePermissionHandler');
      sessionHandlers.devicePermission = handler;
    },
    webRequest,
  } satisfies Partial<Record<keyof Session, unknown>> &
    Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

  const dialog = {
    async showMessageBox(...args: unknown[]) {
      record('dialog.showMessageBox', ...args);
      return { response: options.messageBoxResponse ?? 1, checkboxChecked: false };
    },
    showErrorBox(title: string, content: string): void {
      record('dialog.showErrorBox', title, content);
    },
  } satisfies Pick<Dialog, 'showErrorBox'> & Partial<Record<keyof Dialog, unknown>>;

  const shell = {
    async openExternal(url: string): Promise<void> {
      record('shell.openExternal', url);
    },
    async openPath(path: string): Promise<string> {
      record('shell.openPath', path);
      return '';
    },
  } satisfies Pick<Shell, 'openExternal' | 'openPath'>;

  const nativeTheme = { shouldUseDarkColors: false } satisfies Pick<NativeTheme, 'shouldUseDarkColors'>;

  const module = {
    app,
    BrowserWindow: StandInWindow,
    dialog,
    ipcMain,
    nativeTheme,
    protocol,
    safeStorage,
    session: { defaultSession },
    shell,
  } satisfies ElectronNames;

  return {
    /** What `import … from 'electron'` gives the shell. */
    module,
    calls,
    windows,
    schemes,
    protocolHandlers,
    invokeHandlers,
    sessionHandlers,
    /** The app becomes ready (Electron's `ready`), as after its own start-up. */
    ready() {
      isReady = true;
      record('(ready)');
      resolveReady();
    },
    /** Calls an `ipcMain.handle` channel as `frame` of `window` would, through `ipcRenderer.invoke`. */
    async invoke(
      channel: string,
      input: unknown,
      from: { window: StandInWindow; frame: SenderFrame | null },
    ) {
      const handler = invokeHandlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // The event carries what the shell reads of it: the frame that sent the call and its web contents.
      const event = { senderFrame: from.frame, sender: from.window.webContents };
      return handler(event as unknown as IpcMainInvokeEvent, input);
    },
    get quitted() {
      return quitted;
    },
    /** Resolves when the app really quits (a `before-quit` that nobody prevented). */
    whenQuit: () => quitPromise,
  };
}

export type MainStandIn = ReturnType<typeof createMainStandIn>;

/** The renderer side, for the preload: contextBridge and ipcRenderer, recording what crosses. */
export function createPreloadStandIn(
  answer: (channel: string, payload: unknown) => unknown = () => undefined,
) {
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; payload: unknown }> = [];
  const contextBridge = {
    exposeInMainWorld(apiKey: string, api: unknown): void {
      if (exposed.has(apiKey))
        throw new Error(`Cannot bind an API on top of an existing property: ${apiKey}`);
      exposed.set(apiKey, api);
    },
  } satisfies Pick<ContextBridge, 'exposeInMainWorld'>;

  class StandInIpcRenderer extends EventEmitter {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      invoked.push({ channel, payload: args[0] });
      return answer(channel, args[0]);
    }
    /** main's `webContents.send`, as the page's side receives it. */
    deliver(channel: string, payload: unknown) {
      this.emit(channel, { sender: this } as unknown as IpcRendererEvent, payload);
    }
  }
  const ipcRenderer = new StandInIpcRenderer() satisfies Pick<IpcRenderer, 'invoke'>;
  const module = { contextBridge, ipcRenderer } satisfies ElectronNames;
  return { module, exposed, invoked, ipcRenderer };
}

const INSTALLED = Symbol.for('modeldesk.electron-stand-in');
type Installed = { module: Record<string, unknown>; generation: number };

/** The stand-in module last installed in this process, if any. */
export function installedElectronModule(): Record<string, unknown> | undefined {
  return (globalThis as { [INSTALLED]?: Installed })[INSTALLED]?.module;
}

/**
 * From now on, in this process, `import … from 'electron'` (by any module Node loads itself: the built bundle,
 * electron-store) gets `module`'s members as named exports and `module` as the default export, like Electron's
 * own CommonJS module. Returns the uninstall function.
 */
export function installElectronStandIn(module: Record<string, unknown>): () => void {
  const holder = globalThis as { [INSTALLED]?: Installed };
  const generation = (holder[INSTALLED]?.generation ?? 0) + 1;
  holder[INSTALLED] = { module, generation };
  const names = Object.keys(module).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  const source =
    `// electron stand-in ${generation}\n` +
    `const m = globalThis[Symbol.for('modeldesk.electron-stand-in')].module;\n` +
    names.map((name) => `export const ${name} = m.${name};`).join('\n') +
    `\nexport default m;\n`;
  const url = `data:text/javascript,${encodeURIComponent(source)}`;
  const hooks = registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'electron') return { url, format: 'module', shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
  return () => {
    hooks.deregister();
    if (holder[INSTALLED]?.generation === generation) delete holder[INSTALLED];
  };
}
