/**
 * The one Electron mock: the slices of app, BrowserWindow, Tray, Menu, nativeImage, ipcMain,
 * powerMonitor, session, shell, contextBridge and ipcRenderer Headroom uses, recording every call.
 * Shell modules take Electron as a parameter, so tests pass this instead of loading Electron.
 */
import { EventEmitter } from 'node:events';

export interface Call {
  method: string;
  args: unknown[];
}

class Recorder extends EventEmitter {
  readonly calls: Call[] = [];
  protected record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}

export class MockWebContents extends Recorder {
  private static nextId = 1;
  readonly id = MockWebContents.nextId++;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.record('send', channel, ...args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a preventable event and says whether a listener prevented it. */
  tryEvent(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = 'https://example.com/'): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class MockBrowserWindow extends Recorder {
  static instances: MockBrowserWindow[] = [];
  readonly webContents = new MockWebContents();
  visible = false;
  destroyed = false;
  minimized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    MockBrowserWindow.instances.push(this);
  }
  async loadFile(filePath: string): Promise<void> {
    this.record('loadFile', filePath);
    queueMicrotask(() => this.webContents.emit('did-finish-load'));
  }
  async loadURL(url: string): Promise<void> {
    this.record('loadURL', url);
    queueMicrotask(() => this.webContents.emit('did-finish-load'));
  }
  show(): void {
    const wasVisible = this.visible;
    this.visible = true;
    this.record('show');
    if (!wasVisible) this.emit('show');
  }
  hide(): void {
    this.visible = false;
    this.record('hide');
  }
  focus(): void {
    this.record('focus');
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What the user's close button does: 'close' (preventable), then 'closed' unless prevented. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
}

export class MockTray extends Recorder {
  static instances: MockTray[] = [];
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    MockTray.instances.push(this);
  }
  setImage(image: unknown): void {
    this.record('setImage', image);
  }
  setTitle(title: string, options?: unknown): void {
    this.record('setTitle', title, options);
  }
  setToolTip(text: string): void {
    this.record('setToolTip', text);
  }
  setContextMenu(menu: unknown): void {
    this.record('setContextMenu', menu);
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class MockNativeImage {
  readonly representations: Array<{ scaleFactor: number; buffer: Buffer }> = [];
  template = false;
  constructor(readonly buffer: Buffer) {}
  addRepresentation(rep: { scaleFactor: number; buffer?: Buffer }): void {
    this.representations.push({ scaleFactor: rep.scaleFactor, buffer: rep.buffer ?? Buffer.alloc(0) });
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
  isEmpty(): boolean {
    return this.buffer.length === 0;
  }
}

export interface MockMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export class MockMenu {
  constructor(readonly items: MockMenuItem[]) {}
  static buildFromTemplate(template: MockMenuItem[]): MockMenu {
    return new MockMenu(template);
  }
}

export class MockApp extends Recorder {
  isPackaged = false;
  dock = { hidden: false, hide: () => void (this.dock.hidden = true) };
  gotLock = true;
  readonly paths = new Map<string, string>();
  readonly loginItems: unknown[] = [];
  constructor(private readonly appPath: string) {
    super();
  }
  setName(name: string): void {
    this.record('setName', name);
  }
  setAppUserModelId(id: string): void {
    this.record('setAppUserModelId', id);
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getAppPath(): string {
    return this.appPath;
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  async whenReady(): Promise<void> {}
  quit(): void {
    this.record('quit');
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.record('quitted');
  }
  exit(code?: number): void {
    this.record('exit', code);
  }
  focus(options?: unknown): void {
    this.record('focus', options);
  }
  relaunch(options?: unknown): void {
    this.record('relaunch', options);
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItems.push(settings);
  }
}

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export class MockIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a handler as a renderer would, from the given sender and its main frame at frameUrl. */
  invoke(channel: string, sender: unknown, frameUrl: string, ...args: unknown[]): Promise<unknown> {
    return this.invokeFromFrame(channel, sender, { url: frameUrl, parent: null }, ...args);
  }
  /** Same, from any frame (a subframe has a parent; a destroyed one is null). */
  invokeFromFrame(channel: string, sender: unknown, frame: { url: string; parent: unknown } | null, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h({ sender, senderFrame: frame }, ...args);
  }
}

export class MockSession {
  permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((wc: unknown, permission: string) => boolean) | null = null;
  beforeRequest: ((d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | null = null;
  headersReceived: ((d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null;
  setPermissionRequestHandler(h: MockSession['permissionRequest']): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: MockSession['permissionCheck']): void {
    this.permissionCheck = h;
  }
  webRequest = {
    onBeforeRequest: (h: MockSession['beforeRequest']) => void (this.beforeRequest = h),
    onHeadersReceived: (h: MockSession['headersReceived']) => void (this.headersReceived = h),
  };
}

export class MockIpcRenderer extends EventEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null });
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.reply(channel, args);
  }
}

/** A fresh mock of the electron module. */
export function createElectronMock(appPath = '/app') {
  MockBrowserWindow.instances = [];
  MockTray.instances = [];
  const exposed: Record<string, unknown> = {};
  return {
    app: new MockApp(appPath),
    BrowserWindow: MockBrowserWindow,
    Tray: MockTray,
    Menu: MockMenu,
    nativeImage: { createFromBuffer: (buffer: Buffer) => new MockNativeImage(buffer), createEmpty: () => new MockNativeImage(Buffer.alloc(0)) },
    ipcMain: new MockIpcMain(),
    powerMonitor: new EventEmitter(),
    session: { defaultSession: new MockSession() },
    shell: { opened: [] as string[], openExternal: async function (this: { opened: string[] }, url: string) { this.opened.push(url); } },
    contextBridge: { exposed, exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: new MockIpcRenderer(),
  };
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
