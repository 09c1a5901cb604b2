import type { Theme } from '../../../main/model/settings.ts';

/** "system" follows prefers-color-scheme (CSS); light and dark override it. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
