import type { ThemeChoice } from './store/uiSlice';

/**
 * Applies the theme to the page. The stylesheet's colours use `light-dark()`, so setting
 * `color-scheme` is all it takes; "system" follows the OS, live.
 */
export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
