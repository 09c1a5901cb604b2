/**
 * A menu button (WAI-ARIA menu pattern): the less frequent actions behind one button. Enter, Space
 * or the arrow keys open it; the arrow keys, Home, End and a first letter move between items;
 * Escape closes it and gives focus back to the button, as does choosing an item; Tab or a click
 * elsewhere closes it.
 */
import { h, replaceChildren } from './dom.ts';

export type MenuEntry = { label: string; run: () => void; danger?: boolean } | 'separator';

export interface MenuButton {
  root: HTMLElement;
  button: HTMLButtonElement;
  close(returnFocus?: boolean): void;
}

let nextId = 0;

/** `entries` is asked each time the menu opens, so the items follow the account's state. */
export function menuButton(label: string, entries: () => MenuEntry[]): MenuButton {
  const id = `menu-${++nextId}`;
  const button = h('button', { class: 'button menu-button', type: 'button', id: `${id}-button`, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': id }, label, h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
  const list = h('div', { class: 'menu', role: 'menu', id, 'aria-labelledby': `${id}-button`, hidden: true });
  const root = h('div', { class: 'menu-wrap' }, button, list);

  const items = () => [...list.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const isOpen = () => !list.hidden;

  function render(): void {
    replaceChildren(
      list,
      ...entries().map((e) =>
        e === 'separator'
          ? h('div', { role: 'separator', class: 'menu-separator' })
          : h('button', { type: 'button', role: 'menuitem', tabindex: -1, class: e.danger ? 'menu-item danger' : 'menu-item', onclick: () => choose(e.run) }, e.label),
      ),
    );
  }

  function open(focus: 'first' | 'last'): void {
    render();
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const all = items();
    (focus === 'first' ? all[0] : all[all.length - 1])?.focus();
    document.addEventListener('pointerdown', onOutside, true);
  }

  function close(returnFocus = true): void {
    if (!isOpen()) return;
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', onOutside, true);
    if (returnFocus) button.focus();
  }

  function choose(run: () => void): void {
    close(true);
    run();
  }

  function onOutside(event: Event): void {
    if (!root.contains(event.target as Node)) close(false);
  }

  function moveFocus(by: number | 'first' | 'last'): void {
    const all = items();
    if (!all.length) return;
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = by === 'first' ? 0 : by === 'last' ? all.length - 1 : (at + by + all.length) % all.length;
    all[next].focus();
  }

  /** The next item whose label starts with the typed letter. */
  function jumpTo(letter: string): void {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    for (let i = 1; i <= all.length; i++) {
      const item = all[(at + i) % all.length];
      if (item.textContent?.trim().toLowerCase().startsWith(letter)) return item.focus();
    }
  }

  button.addEventListener('click', () => (isOpen() ? close(true) : open('first')));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  });
  list.addEventListener('keydown', (event) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveFocus(1),
      ArrowUp: () => moveFocus(-1),
      Home: () => moveFocus('first'),
      End: () => moveFocus('last'),
      Escape: () => close(true),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      event.stopPropagation();
      action();
    } else if (event.key === 'Tab') close(false);
    else if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) jumpTo(event.key.toLowerCase());
  });
  root.addEventListener('focusout', (event) => {
    if (isOpen() && event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) close(false);
  });

  return { root, button, close };
}
