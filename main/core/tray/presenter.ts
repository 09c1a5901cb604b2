/** Applies tray models to a sink, calling it only for the parts that changed. */
import { drawIcon, drawTemplateIcon } from '../icon/draw.ts';
import type { Settings } from '../../model/settings.ts';
import type { AppState } from '../../model/state.ts';
import { trayModel, type MenuItemModel } from './model.ts';

export interface TraySink {
  setImage(png16: Buffer, png32: Buffer, template: boolean): void;
  setTitle(title: string): void;
  setToolTip(text: string): void;
  setMenu(menu: MenuItemModel[]): void;
}

export function createTrayPresenter(sink: TraySink, platform: NodeJS.Platform): { update(state: AppState, settings: Settings): void } {
  const last = { icon: '', title: null as string | null, tooltip: '', menu: '' };
  const template = platform === 'darwin';
  return {
    update(state, settings) {
      const model = trayModel(state, settings, platform);
      const icon = JSON.stringify(model.icon);
      if (icon !== last.icon) {
        last.icon = icon;
        const draw = template ? drawTemplateIcon : drawIcon;
        sink.setImage(draw(model.icon, 16), draw(model.icon, 32), template);
      }
      if (model.title !== null && model.title !== last.title) {
        last.title = model.title;
        sink.setTitle(model.title);
      }
      if (model.tooltip !== last.tooltip) {
        last.tooltip = model.tooltip;
        sink.setToolTip(model.tooltip);
      }
      const menu = JSON.stringify(model.menu);
      if (menu !== last.menu) {
        last.menu = menu;
        sink.setMenu(model.menu);
      }
    },
  };
}
