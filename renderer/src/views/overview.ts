/**
 * Overview: every account at a glance, most in need of attention first (or by name), as cards or a
 * dense one-line list, optionally grouped by provider and narrowed by a text filter; usable from
 * one account to hundreds. Items are patched in place as polls land. Sparklines are drawn only for
 * cards on screen, and refreshed once a minute while the window is visible.
 *
 * Keyboard: "/" goes to the filter, Escape clears it, the arrow keys (and Home, End) move between
 * accounts, Enter opens one.
 */
import { PROVIDER_NAMES } from '../../../main/model/provider.ts';
import type { AccountState } from '../../../main/model/state.ts';
import { api, errorText } from '../api.ts';
import { href } from '../router.ts';
import { setSortByName, store } from '../store.ts';
import { h, setText } from '../ui/dom.ts';
import { drawSparkline } from '../ui/sparkline.ts';
import { arrange, needsAttention, type Group } from './overview-arrange.ts';
import { cardItem, rowItem, type Item } from './overview-item.ts';
import { isDense, loadPrefs, savePrefs } from './overview-prefs.ts';
import type { View } from './view.ts';

const SPARK_REFRESH_MS = 60_000;

/** A toggle button: its name stays, aria-pressed says whether it is on. */
function toggle(text: string, name: string, onClick: () => void): HTMLButtonElement {
  return h('button', { class: 'toggle', type: 'button', 'aria-pressed': 'false', 'aria-label': name, onclick: onClick }, text);
}

function groupHeading(g: Group, heading: HTMLElement): void {
  const attention = g.accounts.filter(needsAttention).length;
  const count = g.accounts.length === g.total ? `${g.total}` : `${g.accounts.length} of ${g.total}`;
  setText(heading.querySelector('.group-name')!, g.provider ? PROVIDER_NAMES[g.provider] : '');
  setText(heading.querySelector('.group-count')!, `${count} · ${attention ? `${attention} need${attention === 1 ? 's' : ''} attention` : 'all calm'}`);
}

export function overviewView(): View {
  const prefs = loadPrefs();
  const filter = h('input', { id: 'overview-filter', class: 'filter', type: 'search', placeholder: 'Filter by label or provider', autocomplete: 'off', spellcheck: 'false', value: prefs.filter, 'aria-keyshortcuts': '/' });
  const sortButton = h('button', { class: 'link', type: 'button', 'aria-pressed': 'false' });
  const groupButton = toggle('Group', 'Group by provider', () => change(() => (prefs.groupByProvider = !prefs.groupByProvider)));
  const denseButton = toggle('List', 'Dense list', () => change(() => (prefs.dense = !isDense(prefs, store.state.accounts.length))));
  const count = h('span', { class: 'count muted' });
  const status = h('p', { class: 'filter-status muted', role: 'status', 'aria-live': 'polite' });
  const clearButton = h('button', { class: 'link', type: 'button', onclick: () => setFilter('') }, 'Clear filter');
  const noMatch = h('div', { class: 'no-match', hidden: true }, h('p', {}), clearButton);
  const body = h('div', { class: 'overview-body' });
  const empty = h(
    'section',
    { class: 'empty', hidden: true },
    h('h2', {}, 'No accounts yet'),
    h('p', {}, 'Add a Retell AI, Vobiz, Puretalk AI or Ultravox account to watch its concurrent calls, or look around with simulated accounts first.'),
    h('div', { class: 'row' }, h('a', { class: 'button primary', href: href({ name: 'add' }) }, 'Add account'), h('button', { class: 'button', type: 'button', onclick: () => void startDemo() }, 'Try demo data')),
    h('p', { class: 'form-error', role: 'alert' }),
  );
  const tools = h(
    'div',
    { class: 'overview-tools' },
    h('label', { class: 'visually-hidden', for: 'overview-filter' }, 'Filter accounts'),
    filter,
    groupButton,
    denseButton,
  );
  const root = h('section', { class: 'overview' }, h('div', { class: 'toolbar' }, h('div', { class: 'title' }, h('h1', {}, 'Accounts'), count), sortButton), tools, status, noMatch, body, empty);

  /** Items of the current mode by account id; all rebuilt when the mode changes. */
  let items = new Map<string, Item>();
  let dense: boolean | null = null;
  const groups = new Map<string, { section: HTMLElement; heading: HTMLElement; list: HTMLElement }>();
  const drawnAt = new Map<string, number>();
  const onScreen = new Set<string>();
  let observer: IntersectionObserver | null = null;
  let sparkTimer: number | undefined;
  let firstSpark: number | undefined;

  async function startDemo(): Promise<void> {
    try {
      await api().startDemo();
      location.reload(); // main now serves the demo accounts (the app relaunches; the preview swaps its core)
    } catch (err) {
      setText(empty.querySelector('.form-error')!, errorText(err));
    }
  }

  function change(apply: () => void): void {
    apply();
    savePrefs(prefs);
    update();
  }

  function setFilter(text: string): void {
    filter.value = text;
    change(() => (prefs.filter = text));
  }

  function listFor(key: string, grouped: boolean): { section: HTMLElement; heading: HTMLElement; list: HTMLElement } {
    let g = groups.get(key);
    if (!g) {
      const list = h('div', { class: `${dense ? 'dense-list' : 'cards'}${grouped ? ' grouped' : ''}` });
      const heading = h('h2', { class: 'group-heading', id: `group-${key}` }, h('span', { class: 'group-name' }), ' ', h('span', { class: 'group-count muted' }));
      const section = grouped ? h('section', { class: 'group', 'aria-labelledby': heading.id }, heading, list) : h('div', { class: 'group' }, list);
      g = { section, heading, list };
      groups.set(key, g);
    }
    return g;
  }

  /** Switches between cards and rows: every item is built anew in the other shape. */
  function setMode(nextDense: boolean): void {
    if (dense === nextDense) return;
    dense = nextDense;
    items = new Map();
    groups.clear();
    body.replaceChildren();
    observer?.disconnect();
    onScreen.clear();
  }

  function itemFor(a: AccountState): Item {
    let item = items.get(a.id);
    if (!item) {
      item = dense ? rowItem(a) : cardItem(a);
      items.set(a.id, item);
      if (item.hasSpark) observer?.observe(item.root);
    }
    return item;
  }

  /** Puts the items in order; a focused item that had to move keeps the focus. */
  function place(list: HTMLElement, wanted: Item[]): void {
    const focused = document.activeElement;
    wanted.forEach((item, i) => {
      if (list.children[i] !== item.root) list.insertBefore(item.root, list.children[i] ?? null);
    });
    while (list.children.length > wanted.length) list.lastElementChild!.remove();
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  }

  function updateToolbar(all: AccountState[], shown: number): void {
    const many = all.length;
    empty.hidden = many > 0;
    tools.hidden = many === 0;
    sortButton.hidden = many < 2;
    setText(count, many ? String(many) : '');
    setText(sortButton, store.sortByName ? 'Sort: name' : 'Sort: worst first');
    sortButton.setAttribute('aria-pressed', String(store.sortByName));
    groupButton.setAttribute('aria-pressed', String(prefs.groupByProvider));
    denseButton.setAttribute('aria-pressed', String(Boolean(dense)));
    const filtering = prefs.filter.trim() !== '';
    setText(status, filtering && many ? `${shown} of ${many} accounts match` : '');
    noMatch.hidden = !(filtering && many && shown === 0);
    setText(noMatch.querySelector('p')!, `No account matches “${prefs.filter.trim()}”.`);
  }

  function update(): void {
    const all = store.state.accounts;
    setMode(isDense(prefs, all.length));
    const shown = arrange(all, { byName: store.sortByName, filter: prefs.filter, groupByProvider: prefs.groupByProvider });
    const now = Date.now();
    const keys = new Set<string>();
    const sections: HTMLElement[] = [];
    for (const g of shown) {
      const key = g.provider ?? 'all';
      keys.add(key);
      const slot = listFor(key, g.provider !== null);
      if (g.provider) groupHeading(g, slot.heading);
      const wanted = g.accounts.map((a) => {
        const item = itemFor(a);
        item.patch(a, now);
        return item;
      });
      place(slot.list, wanted);
      sections.push(slot.section);
    }
    for (const [key, g] of groups) {
      if (keys.has(key)) continue;
      g.section.remove();
      groups.delete(key);
    }
    sections.forEach((s, i) => {
      if (body.children[i] !== s) body.insertBefore(s, body.children[i] ?? null);
    });
    const ids = new Set(all.map((a) => a.id));
    for (const id of items.keys()) if (!ids.has(id)) items.delete(id); // removed accounts
    updateToolbar(all, shown.reduce((n, g) => n + g.accounts.length, 0));
  }

  async function drawSpark(id: string): Promise<void> {
    const canvas = items.get(id)?.spark();
    if (!canvas) return;
    drawnAt.set(id, Date.now());
    try {
      const series = await api().getHistory(id, '1h');
      drawSparkline(canvas, series.points);
    } catch {
      drawnAt.delete(id); // the account may have just been removed; the next refresh tells
    }
  }

  /** Cards on screen whose sparkline is older than maxAgeMs. */
  function refreshSparks(maxAgeMs: number): void {
    const now = Date.now();
    for (const id of onScreen) if (now - (drawnAt.get(id) ?? 0) >= maxAgeMs) void drawSpark(id);
  }

  let idle: number | undefined;
  function watchSparks(): void {
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const id = (e.target as HTMLElement).dataset.id!;
        if (e.isIntersecting) onScreen.add(id);
        else onScreen.delete(id);
      }
      // After the cards are on screen: the history calls are not worth delaying their first frame.
      if (idle === undefined) idle = requestIdleCallback(() => {
        idle = undefined;
        refreshSparks(SPARK_REFRESH_MS);
      });
    });
    for (const item of items.values()) if (item.hasSpark) observer.observe(item.root);
  }

  /** Arrow keys, Home and End move between the accounts' links. */
  function moveFocus(event: KeyboardEvent): void {
    const links = [...body.querySelectorAll<HTMLAnchorElement>('.card-label, .dense-label')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const step: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in step && at >= 0) next = Math.min(links.length - 1, Math.max(0, at + step[event.key]));
    else if (event.key === 'ArrowDown' && document.activeElement === filter) next = 0;
    else if (event.key === 'Home' && at >= 0) next = 0;
    else if (event.key === 'End' && at >= 0) next = links.length - 1;
    if (next === null || !links[next]) return;
    event.preventDefault();
    links[next].focus();
  }

  function onKey(event: KeyboardEvent): void {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      filter.focus();
      filter.select();
    } else if (event.key === 'Escape' && event.target === filter && filter.value) {
      event.preventDefault();
      setFilter('');
    } else moveFocus(event);
  }

  filter.addEventListener('input', () => change(() => (prefs.filter = filter.value)));
  sortButton.addEventListener('click', () => {
    setSortByName(!store.sortByName);
    update();
  });

  return {
    root,
    title: 'Headroom',
    update,
    tick: () => {
      const now = Date.now();
      for (const item of items.values()) if (item.root.isConnected) item.tick(now);
    },
    show() {
      update();
      document.addEventListener('keydown', onKey);
      watchSparks();
      sparkTimer = window.setInterval(() => refreshSparks(SPARK_REFRESH_MS / 2), SPARK_REFRESH_MS);
      // Backfill and the first polls land just after start: draw again once they have.
      firstSpark = window.setTimeout(() => refreshSparks(0), 5_000);
    },
    hide() {
      document.removeEventListener('keydown', onKey);
      observer?.disconnect();
      observer = null;
      onScreen.clear();
      if (idle !== undefined) cancelIdleCallback(idle);
      idle = undefined;
      window.clearInterval(sparkTimer);
      window.clearTimeout(firstSpark);
    },
  };
}
