/**
 * Launch at login: macOS and Windows through app.setLoginItemSettings, Linux through an XDG
 * autostart entry (~/.config/autostart/ai.headroom.app.desktop) written or removed here.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { APP_ID, APP_NAME } from '../core/paths.ts';
import type { AppLike } from './electron-types.ts';

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'autostart', `${APP_ID}.desktop`);
}

const NEEDS_QUOTES = /[\s"'\\><~|&;$*?#()`]/;

/** One Exec argument, quoted and escaped as the Desktop Entry spec asks. */
export function quoteExecArg(arg: string): string {
  const escapedPercent = arg.replace(/%/g, '%%');
  if (!NEEDS_QUOTES.test(escapedPercent) && escapedPercent !== '') return escapedPercent;
  const inner = escapedPercent.replace(/["`$\\]/g, (c) => `\\${c}`);
  // The whole value is a desktop-file string, where a backslash is itself escaped.
  return `"${inner.replace(/\\/g, '\\\\')}"`;
}

export function desktopEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${APP_NAME}`,
    'Comment=Concurrent-call headroom of your voice-AI accounts',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes the entry when enabled, removes it when not. */
export function writeAutostart(file: string, enabled: boolean, command: string[]): void {
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, desktopEntry(command), { mode: 0o644 });
}

export interface LoginItemDeps {
  app: Pick<AppLike, 'setLoginItemSettings' | 'isPackaged' | 'getAppPath'>;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
}

/** How to start this very app again: the AppImage itself, the packaged binary, or electron + app dir. */
export function launchCommand(deps: LoginItemDeps): string[] {
  if (deps.platform === 'linux' && deps.env.APPIMAGE) return [deps.env.APPIMAGE];
  return deps.app.isPackaged ? [deps.execPath] : [deps.execPath, deps.app.getAppPath()];
}

export function applyLoginItem(deps: LoginItemDeps, enabled: boolean): void {
  if (deps.platform === 'linux') {
    writeAutostart(autostartFile(deps.env), enabled, launchCommand(deps));
    return;
  }
  const [path, ...args] = launchCommand(deps);
  deps.app.setLoginItemSettings(deps.platform === 'win32' ? { openAtLogin: enabled, path, args } : { openAtLogin: enabled });
}
