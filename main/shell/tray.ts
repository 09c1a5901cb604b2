/**
 * The tray: an Electron Tray driven by the core's tray presenter. The context menu is always
 * attached (some Linux trays never deliver clicks); a click on the icon opens the window.
 */
import { drawIcon, drawTemplateIcon, type IconInput } from '../core/icon/draw.ts';
import type { MenuItemModel, MenuCommand } from '../core/tray/model.ts';
import { createTrayPresenter } from '../core/tray/presenter.ts';
import type { MenuFactoryLike, MenuItemTemplateLike, NativeImageFactoryLike, NativeImageLike, TrayCtor } from './electron-types.ts';
import type { TrayActions, TrayHandle } from './tray-contract.ts';

export interface TrayDeps<I extends NativeImageLike = NativeImageLike> {
  Tray: TrayCtor<I>;
  Menu: MenuFactoryLike;
  nativeImage: NativeImageFactoryLike<I>;
  platform: NodeJS.Platform;
  actions: TrayActions;
}

const STARTING: IconInput = { kind: 'none', text: '-', fraction: null };

function run(action: MenuCommand, actions: TrayActions): void {
  switch (action.kind) {
    case 'open':
      return actions.openWindow({ accountId: action.accountId, view: action.view });
    case 'refresh':
      return actions.refreshNow();
    case 'pause':
      return actions.pause(action.minutes);
    case 'resume':
      return actions.resume();
    case 'quit':
      return actions.quit();
  }
}

export function menuTemplate(menu: MenuItemModel[], actions: TrayActions): MenuItemTemplateLike[] {
  return menu.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action } = item;
    return {
      label: item.label,
      enabled: item.enabled ?? true,
      ...(item.toolTip ? { toolTip: item.toolTip } : {}),
      ...(action ? { click: () => run(action, actions) } : {}),
      ...(item.submenu ? { submenu: menuTemplate(item.submenu, actions) } : {}),
    };
  });
}

/** One image with the 32 px drawing as its @2x representation, so HiDPI panels stay sharp. */
function nativeImage<I extends NativeImageLike>(deps: TrayDeps<I>, png16: Buffer, png32: Buffer, template: boolean): I {
  const image = deps.nativeImage.createFromBuffer(png16);
  image.addRepresentation({ scaleFactor: 2, buffer: png32 });
  if (template) image.setTemplateImage(true);
  return image;
}

export function createTray<I extends NativeImageLike>(deps: TrayDeps<I>): TrayHandle {
  const template = deps.platform === 'darwin';
  const draw = template ? drawTemplateIcon : drawIcon;
  const tray = new deps.Tray(nativeImage(deps, draw(STARTING, 16), draw(STARTING, 32), template));
  tray.on('click', () => deps.actions.openWindow());
  const presenter = createTrayPresenter(
    {
      setImage: (png16, png32, isTemplate) => tray.setImage(nativeImage(deps, png16, png32, isTemplate)),
      setTitle: (title) => tray.setTitle(title, { fontType: 'monospacedDigit' }),
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (menu) => tray.setContextMenu(deps.Menu.buildFromTemplate(menuTemplate(menu, deps.actions))),
    },
    deps.platform,
  );
  return {
    update: (state, settings) => presenter.update(state, settings),
    destroy: () => tray.destroy(),
  };
}
