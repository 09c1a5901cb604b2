/**
 * The Headroom window: a header, notice and pause banners, and one view at a time (hash routes).
 * State pushed from main patches the current view; a hidden window runs no timers.
 */
import type { Notice } from '../../main/model/alerts.ts';
import { api, errorText } from './api.ts';
import { go, href, parseRoute, type Route } from './router.ts';
import { loadStore, reloadAccounts, store } from './store.ts';
import { h, replaceChildren, setText } from './ui/dom.ts';
import { clock } from './ui/format.ts';
import { applyTheme } from './ui/theme.ts';
import { accountFormView } from './views/account-form.ts';
import { accountView } from './views/account.ts';
import { overviewView } from './views/overview.ts';
import { settingsView } from './views/settings.ts';
import type { View } from './views/view.ts';

const app = document.getElementById('app')!;
const notices = h('div', { class: 'notices' });
const pauseBanner = h('div', { class: 'banner pause', role: 'status', hidden: true }, h('span', {}), h('button', { class: 'button', type: 'button', onclick: () => void api().resume() }, 'Resume'));
const nav = h(
  'nav',
  { class: 'nav', 'aria-label': 'Main' },
  h('a', { href: href({ name: 'overview' }), class: 'brand' }, 'Headroom'),
  h('a', { href: href({ name: 'add' }), 'data-route': 'add' }, 'Add'),
  h('a', { href: href({ name: 'settings' }), 'data-route': 'settings' }, 'Settings'),
);
const content = h('main', { id: 'content', tabindex: '-1' });
let current: View | null = null;
let ticker: number | undefined;

function viewFor(route: Route): View {
  if (route.name === 'account') return accountView(route.id);
  if (route.name === 'add') return accountFormView();
  if (route.name === 'edit') return accountFormView(route.id);
  if (route.name === 'settings') return settingsView();
  return overviewView();
}

function startTicker(): void {
  window.clearInterval(ticker);
  ticker = document.hidden ? undefined : window.setInterval(() => current?.tick?.(), 1000);
}

function show(route: Route): void {
  current?.hide?.();
  current = viewFor(route);
  replaceChildren(content, current.root);
  document.title = current.title === 'Headroom' ? 'Headroom' : `${current.title} · Headroom`;
  for (const link of nav.querySelectorAll<HTMLAnchorElement>('a[data-route]')) link.toggleAttribute('aria-current', link.dataset.route === route.name);
  if (!document.hidden) current.show?.();
}

const acknowledged = new Set<string>();
/** Notices on screen while the window is visible have been seen: main stops keeping them for later (they stay on screen). */
function acknowledge(list: Notice[]): void {
  if (document.hidden) return;
  for (const n of list) {
    if (acknowledged.has(n.id)) continue;
    acknowledged.add(n.id);
    api()
      .noticeSeen(n.id)
      .catch(() => acknowledged.delete(n.id));
  }
}

function renderNotices(list: Notice[]): void {
  replaceChildren(notices, ...list.map((n) => h('div', { class: `banner ${n.level}`, role: n.level === 'error' ? 'alert' : 'status' }, n.message)));
  acknowledge(list);
}

function renderPause(): void {
  const pause = store.state.pause;
  pauseBanner.hidden = !pause;
  if (pause) setText(pauseBanner.querySelector('span')!, pause.until === null ? 'Polling is paused until you resume.' : `Polling is paused until ${clock(pause.until)}.`);
}

async function boot(): Promise<void> {
  replaceChildren(app, h('p', { class: 'muted loading' }, 'Loading…'));
  try {
    await loadStore();
  } catch (err) {
    replaceChildren(app, h('p', { class: 'form-error' }, `Headroom could not load: ${errorText(err)}`));
    return;
  }
  applyTheme(store.settings.theme);
  replaceChildren(app, h('header', { class: 'header' }, nav), notices, pauseBanner, content);
  renderNotices(store.notices);
  renderPause();

  const headroom = api();
  headroom.on('state', (state) => {
    const ids = (s: typeof state) => s.accounts.map((a) => a.id).sort().join('\n');
    const accountsChanged = ids(state) !== ids(store.state);
    store.state = state;
    renderPause();
    if (accountsChanged) void reloadAccounts().then(() => current?.update());
    else current?.update();
  });
  headroom.on('notices', (list) => {
    store.notices = list;
    renderNotices(list);
  });
  headroom.on('navigate', ({ accountId, view }) => {
    if (view === 'account' && accountId) go({ name: 'account', id: accountId });
    else if (view === 'settings') go({ name: 'settings' });
    else if (view === 'add') go({ name: 'add' });
    else go({ name: 'overview' });
  });
  headroom.on('alert', (event) => current?.alert?.(event));

  window.addEventListener('hashchange', () => show(parseRoute(location.hash)));
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) current?.hide?.();
    else {
      current?.show?.();
      acknowledge(store.notices);
      void headroom.getState().then((s) => {
        store.state = s;
        current?.update();
      });
    }
    startTicker();
  });
  show(parseRoute(location.hash));
  startTicker();
}

void boot();
