/**
 * The slices of Electron the shell uses. Shell modules take these as parameters: main.ts passes the
 * real electron objects, tests pass test/mocks/electron.ts, so tests never load Electron.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface LoginItemSettingsInput {
  openAtLogin: boolean;
  openAsHidden?: boolean;
  path?: string;
  args?: string[];
}

export interface AppLike {
  readonly isPackaged: boolean;
  dock?: { hide(): void } | undefined;
  setName(name: string): void;
  setAppUserModelId(id: string): void;
  setPath(name: 'userData', path: string): void;
  getAppPath(): string;
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  whenReady(): Promise<unknown>;
  quit(): void;
  exit(exitCode?: number): void;
  /** macOS: `steal` brings an accessory (no Dock icon) app to the front. */
  focus(options?: { steal: boolean }): void;
  relaunch(options?: { args?: string[]; execPath?: string }): void;
  setLoginItemSettings(settings: LoginItemSettingsInput): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: () => void): unknown;
  /** macOS: Headroom opened again from Finder or Spotlight while it runs. */
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

export interface WindowOpenResponse {
  action: 'deny';
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
}

export interface WebPreferencesLike {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
}

export interface BrowserWindowOptionsLike {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  resizable: boolean;
  title: string;
  autoHideMenuBar: boolean;
  fullscreenable: boolean;
  backgroundColor: string;
  icon?: string;
  webPreferences: WebPreferencesLike;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadFile(filePath: string): Promise<unknown>;
  loadURL(url: string): Promise<unknown>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'show', listener: () => void): unknown;
}

export type BrowserWindowCtor = new (options: BrowserWindowOptionsLike) => BrowserWindowLike;

export interface IpcMainInvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume' | 'unlock-screen' | 'lock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'unlock-screen' | 'lock-screen', listener: () => void): unknown;
}

export interface HeadersReceivedDetailsLike {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface BeforeRequestDetailsLike {
  url: string;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(listener: (details: HeadersReceivedDetailsLike, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void;
    onBeforeRequest(listener: (details: BeforeRequestDetailsLike, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export interface NativeImageLike {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
  setTemplateImage(option: boolean): void;
}

/** Generic over the image type so that what the factory makes is exactly what the tray takes. */
export interface NativeImageFactoryLike<I extends NativeImageLike = NativeImageLike> {
  createFromBuffer(buffer: Buffer): I;
}

export interface TrayLike<I extends NativeImageLike = NativeImageLike> {
  setImage(image: I): void;
  setTitle(title: string, options?: { fontType?: 'monospaced' | 'monospacedDigit' }): void;
  setToolTip(text: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export type TrayCtor<I extends NativeImageLike = NativeImageLike> = new (image: I) => TrayLike<I>;

export interface MenuItemTemplateLike {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  toolTip?: string;
  click?: () => void;
  submenu?: MenuItemTemplateLike[];
}

/** An Electron Menu, opaque to the shell: built from a template and handed back to the tray. */
export type MenuLike = object;

export interface MenuFactoryLike {
  buildFromTemplate(template: MenuItemTemplateLike[]): MenuLike;
}
