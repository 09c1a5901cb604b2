/**
 * Overview: one card per account, worst first (or by name), patched in place as polls land.
 * Sparklines refresh once a minute while the window is visible.
 */
import type { AccountState } from '../../../main/model/state.ts';
import { noCallsPossible } from '../../../main/model/usage.ts';
import { api, errorText } from '../api.ts';
import { href } from '../router.ts';
import { setSortByName, store } from '../store.ts';
import { h, setText } from '../ui/dom.ts';
import { ago, statusText } from '../ui/format.ts';
import { PROVIDER_NAMES } from '../../../main/model/provider.ts';
import { gauge, updateGauge } from '../ui/gauge.ts';
import { drawSparkline, sparkline } from '../ui/sparkline.ts';
import type { View } from './view.ts';

const SPARK_REFRESH_MS = 60_000;

/** Accounts that need the user come first, then by utilization; uncapped and unread after, disabled last. */
function severity(a: AccountState): number {
  if (a.status === 'error' || a.status === 'needs-credentials') return 1e6;
  if (a.status === 'disabled') return -2;
  if (noCallsPossible(a.snapshot)) return 1e5; // no headroom at all: above any percentage
  return a.snapshot?.utilization ?? -1;
}

function order(accounts: AccountState[], byName: boolean): AccountState[] {
  const byLabel = (a: AccountState, b: AccountState) => a.label.localeCompare(b.label);
  return [...accounts].sort((a, b) => (byName ? byLabel(a, b) : severity(b) - severity(a) || byLabel(a, b)));
}

function extraText(a: AccountState): string {
  const x = a.snapshot?.extras;
  if (!x) return '';
  if (x.provider === 'retell') {
    const burst = x.burstEnabled && x.burstLimit ? `burst ceiling ${x.burstLimit}` : '';
    return [x.inBurst ? 'in burst' : '', burst].filter(Boolean).join(' · ');
  }
  return '';
}

function card(a: AccountState): HTMLAnchorElement {
  return h(
    'a',
    { class: 'card', href: href({ name: 'account', id: a.id }), 'data-id': a.id },
    h('div', { class: 'card-head' }, h('span', { class: 'card-label' }), h('span', { class: 'card-provider' })),
    gauge(),
    h('div', { class: 'card-extra' }),
    h('div', { class: 'card-foot' }, h('span', { class: 'card-status' }), h('span', { class: 'card-updated' })),
    sparkline(),
  );
}

function patchCard(el: HTMLElement, a: AccountState, now: number): void {
  setText(el.querySelector('.card-label')!, a.label);
  setText(el.querySelector('.card-provider')!, PROVIDER_NAMES[a.provider] + (a.demo ? ' · demo' : ''));
  updateGauge(el.querySelector('.gauge')!, a);
  setText(el.querySelector('.card-extra')!, extraText(a));
  const status = el.querySelector<HTMLElement>('.card-status')!;
  status.dataset.status = a.status;
  setText(status, statusText(a, now));
  const updated = el.querySelector<HTMLElement>('.card-updated')!;
  if (a.lastSuccessAt) updated.dataset.since = String(a.lastSuccessAt);
  else delete updated.dataset.since;
  setText(updated, a.lastSuccessAt ? `updated ${ago(a.lastSuccessAt, now)}` : '');
}

export function overviewView(): View {
  const list = h('div', { class: 'cards', role: 'list' });
  const sortButton = h('button', { class: 'link', type: 'button', 'aria-pressed': 'false' });
  const empty = h(
    'section',
    { class: 'empty', hidden: true },
    h('h2', {}, 'No accounts yet'),
    h('p', {}, 'Add a Retell AI, Vobiz, Puretalk AI or Ultravox account to watch its concurrent calls, or look around with simulated accounts first.'),
    h('div', { class: 'row' }, h('a', { class: 'button primary', href: href({ name: 'add' }) }, 'Add account'), h('button', { class: 'button', type: 'button', onclick: () => void startDemo() }, 'Try demo data')),
    h('p', { class: 'form-error', role: 'alert' }),
  );
  const root = h('section', { class: 'overview' }, h('div', { class: 'toolbar' }, h('h1', {}, 'Accounts'), sortButton), list, empty);
  const cards = new Map<string, HTMLElement>();
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

  function update(): void {
    const accounts = order(store.state.accounts, store.sortByName);
    empty.hidden = accounts.length > 0;
    sortButton.hidden = accounts.length < 2;
    setText(sortButton, store.sortByName ? 'Sort: name' : 'Sort: worst first');
    sortButton.setAttribute('aria-pressed', String(store.sortByName));
    const now = Date.now();
    const seen = new Set<string>();
    accounts.forEach((a, i) => {
      seen.add(a.id);
      let el = cards.get(a.id);
      if (!el) {
        el = card(a);
        cards.set(a.id, el);
        void refreshSpark(a.id, el);
      }
      patchCard(el, a, now);
      if (list.children[i] !== el) list.insertBefore(el, list.children[i] ?? null);
    });
    for (const [id, el] of cards) {
      if (seen.has(id)) continue;
      el.remove();
      cards.delete(id);
    }
  }

  async function refreshSpark(id: string, el: HTMLElement): Promise<void> {
    try {
      const series = await api().getHistory(id, '1h');
      drawSparkline(el.querySelector('canvas')!, series.points);
    } catch {
      // the account may have just been removed; the next refresh tells
    }
  }

  function refreshSparks(): void {
    for (const [id, el] of cards) void refreshSpark(id, el);
  }

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
      for (const el of root.querySelectorAll<HTMLElement>('.card-updated[data-since]')) setText(el, `updated ${ago(Number(el.dataset.since), now)}`);
    },
    show() {
      update();
      refreshSparks();
      sparkTimer = window.setInterval(refreshSparks, SPARK_REFRESH_MS);
      firstSpark = window.setTimeout(refreshSparks, 5_000); // backfill and first polls land just after start
    },
    hide() {
      window.clearInterval(sparkTimer);
      window.clearTimeout(firstSpark);
    },
  };
}
