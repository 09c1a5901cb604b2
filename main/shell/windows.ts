/**
 * The one Headroom window: created hidden at start, shown from the tray, hidden (not closed) when
 * the user closes it, so Headroom stays in the tray. Messages sent before the page has loaded are
 * held (latest per channel) and delivered once it has.
 */
import type { BrowserWindowCtor, BrowserWindowLike, ShellLike, WebContentsLike } from './electron-types.ts';
import { hardenWebContents, secureWebPreferences } from './security.ts';
import type { RendererTarget } from './renderer-target.ts';
import { log } from '../core/log/logger.ts';

export const WINDOW_SIZE = { width: 420, height: 620, minWidth: 360, minHeight: 480 } as const;

export interface WindowDeps {
  BrowserWindow: BrowserWindowCtor;
  target: RendererTarget;
  preloadPath: string;
  /** True once Quit was chosen: then closing really closes. */
  isQuitting: () => boolean;
  shell?: ShellLike;
  icon?: string;
  /** Brings the app itself to the front (macOS: a menu-bar app is not activated by showing a window). */
  activateApp?: () => void;
}

export interface WindowController {
  /** Creates the window (hidden) if there is none. */
  ensure(): BrowserWindowLike;
  show(): void;
  hide(): void;
  isVisible(): boolean;
  send(channel: string, payload: unknown): void;
  /** The current window's webContents, if any: the only trusted IPC sender. */
  webContents(): WebContentsLike | null;
  /** Called each time the window is shown (after it was hidden or new). */
  onShow(listener: () => void): () => void;
}

export function createWindowController(deps: WindowDeps): WindowController {
  let win: BrowserWindowLike | null = null;
  let loaded = false;
  const pending = new Map<string, unknown>();
  const showListeners = new Set<() => void>();

  function alive(): BrowserWindowLike | null {
    return win && !win.isDestroyed() ? win : null;
  }

  function create(): BrowserWindowLike {
    const w = new deps.BrowserWindow({
      ...WINDOW_SIZE,
      show: false,
      resizable: true,
      title: 'Headroom',
      autoHideMenuBar: true,
      fullscreenable: false,
      backgroundColor: '#111418',
      ...(deps.icon ? { icon: deps.icon } : {}),
      webPreferences: secureWebPreferences(deps.preloadPath),
    });
    loaded = false;
    hardenWebContents(w.webContents, deps.shell);
    w.webContents.on('did-finish-load', () => {
      loaded = true;
      for (const [channel, payload] of pending) w.webContents.send(channel, payload);
      pending.clear();
    });
    w.on('close', (event) => {
      if (deps.isQuitting()) return;
      event.preventDefault();
      w.hide();
    });
    w.on('show', () => showListeners.forEach((l) => l()));
    w.on('closed', () => {
      if (win === w) win = null;
    });
    const load = deps.target.kind === 'file' ? w.loadFile(deps.target.filePath) : w.loadURL(deps.target.url);
    load.catch((err: unknown) => log.error('the window failed to load', err));
    return w;
  }

  function ensure(): BrowserWindowLike {
    const current = alive();
    if (current) return current;
    win = create();
    return win;
  }

  return {
    ensure,
    show() {
      const w = ensure();
      if (w.isMinimized()) w.restore();
      w.show();
      deps.activateApp?.();
      w.focus();
    },
    hide() {
      alive()?.hide();
    },
    isVisible() {
      return alive()?.isVisible() ?? false;
    },
    send(channel, payload) {
      const w = alive();
      if (w && loaded && !w.webContents.isDestroyed()) w.webContents.send(channel, payload);
      else pending.set(channel, payload);
    },
    webContents() {
      return alive()?.webContents ?? null;
    },
    onShow(listener) {
      showListeners.add(listener);
      return () => void showListeners.delete(listener);
    },
  };
}
