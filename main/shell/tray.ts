/**
 * The tray: an Electron Tray driven by the core's tray presenter. The context menu is always
 * attached (some Linux trays never deliver clicks); a click on the icon opens the window.
 */
import type { MenuItemModel, TrayAction } from '../core/tray/model.ts';
import { createTrayPresenter } from '../core/tray/presenter.ts';
import { drawIcon } from '../core/icon/draw.ts';
import type { TrayActions, TrayHandle } from './tray-contract.ts';

export interface NativeImageLike {
  addRepresentation(options: { scaleFactor: number; buffer: Buffer }): void;
  setTemplateImage(option: boolean): void;
}

export interface TrayLike {
  setImage(image: NativeImageLike): void;
  setTitle(title: string, options?: { fontType?: 'monospaced' | 'monospacedDigit' }): void;
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface MenuTemplateItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayDeps {
  Tray: new (image: NativeImageLike) => TrayLike;
  Menu: { buildFromTemplate(template: MenuTemplateItem[]): unknown };
  nativeImage: { createFromBuffer(buffer: Buffer): NativeImageLike };
  platform: NodeJS.Platform;
  actions: TrayActions;
}

function run(action: TrayAction, actions: TrayActions): void {
  if (action.kind === 'open') actions.openWindow({ accountId: action.accountId, view: action.view });
  else if (action.kind === 'refresh') actions.refreshNow();
  else if (action.kind === 'pause') actions.pause(action.minutes);
  else if (action.kind === 'resume') actions.resume();
  else actions.quit();
}

function template(menu: MenuItemModel[], actions: TrayActions): MenuTemplateItem[] {
  return menu.map((item) =>
    item.type === 'separator'
      ? { type: 'separator' }
      : { label: item.label, enabled: item.enabled ?? true, ...(item.action ? { click: () => run(item.action!, actions) } : {}) },
  );
}

export function createTray(deps: TrayDeps): TrayHandle {
  const image = (png16: Buffer, png32: Buffer, isTemplate: boolean) => {
    const img = deps.nativeImage.createFromBuffer(png16);
    img.addRepresentation({ scaleFactor: 2, buffer: png32 });
    if (isTemplate) img.setTemplateImage(true);
    return img;
  };
  const blank = { kind: 'none', text: '-', fraction: null } as const;
  const tray = new deps.Tray(image(drawIcon(blank, 16), drawIcon(blank, 32), false));
  tray.on('click', () => deps.actions.openWindow());
  const presenter = createTrayPresenter(
    {
      setImage: (png16, png32, isTemplate) => tray.setImage(image(png16, png32, isTemplate)),
      setTitle: (title) => tray.setTitle(title, { fontType: 'monospacedDigit' }),
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (menu) => tray.setContextMenu(deps.Menu.buildFromTemplate(template(menu, deps.actions))),
    },
    deps.platform,
  );
  return {
    update: (state, settings) => presenter.update(state, settings),
    destroy: () => tray.destroy(),
  };
}
