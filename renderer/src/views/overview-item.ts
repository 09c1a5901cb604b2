/**
 * One account in the overview, as a card or as a dense one-line row. Either is an `article` named
 * by the account's label (its link to the account view) whose text says both facts in words: the
 * level ("critical", "no cap") and the freshness ("live", "failing: unreachable"). Numbers that are
 * not live are marked old: a hatched grey bar and "last data 6 min ago". Built once, then patched
 * in place as states arrive; nothing is rebuilt for a poll.
 */
import { freshnessOf, lastDataText, LEVEL_WORDS, toneOf } from '../../../main/model/glance.ts';
import { PROVIDER_NAMES } from '../../../main/model/provider.ts';
import type { AccountState } from '../../../main/model/state.ts';
import { noCallsText, percentText } from '../../../main/model/usage.ts';
import { href } from '../router.ts';
import { h, setText } from '../ui/dom.ts';
import { sparkline } from '../ui/sparkline.ts';

export interface Item {
  root: HTMLElement;
  /** The account's link: the item's name and its one stop in the tab order. */
  link: HTMLAnchorElement;
  /** Cards have a sparkline, dense rows none. */
  hasSpark: boolean;
  /** The card's sparkline canvas, made when first asked for (a card off screen never needs one). */
  spark(): HTMLCanvasElement | null;
  patch(a: AccountState, now: number): void;
  /** Once a second: "last data 6 min ago" moves on. */
  tick(now: number): void;
}

let serial = 0;

/**
 * "19 / 20", "17 calls" (the level says "no cap"), "limit 0, no calls possible" (a dense row: "limit 0,
 * 2 active"), or "—" before any data.
 */
export function numbersText(a: AccountState, dense: boolean): string {
  const s = a.snapshot;
  if (!s) return '—';
  if (s.limit === null) return `${s.current} calls`;
  if (s.limit === 0) return dense ? `limit 0${s.current ? `, ${s.current} active` : ''}` : noCallsText(s.current);
  return dense ? `${s.current}/${s.limit}` : `${s.current} / ${s.limit}`;
}

/** The freshness in a word, for a dense row at a phone-narrow width (the whole words stay in the text). */
const SHORT_FRESHNESS: Record<AccountState['status'], string> = {
  ok: 'live',
  pending: 'waiting',
  stale: 'stale',
  error: 'failing',
  offline: 'offline',
  paused: 'paused',
  disabled: 'disabled',
  'needs-credentials': 'needs key',
};

/** The percentage beside the numbers: none without a cap or with a limit of 0. */
function percentOf(a: AccountState): string {
  const s = a.snapshot;
  return s && s.limit ? percentText(s.utilization) : '';
}

/** How much of the bar is filled: over 100 % it is full (the numbers say how far over). */
function barWidth(a: AccountState): string {
  const s = a.snapshot;
  if (!s) return '0%';
  if (s.utilization === null) return '100%'; // no cap (a muted full bar) or limit 0 (nothing left)
  return `${Math.min(100, Math.max(0, s.utilization * 100))}%`;
}

/** What every item shows, by where it goes. */
interface Parts {
  root: HTMLElement;
  link: HTMLAnchorElement;
  provider: HTMLElement;
  fill: HTMLElement;
  numbers: HTMLElement;
  /** Cards show the percentage on its own; rows after the numbers. */
  pct: HTMLElement | null;
  level: HTMLElement;
  fresh: HTMLElement;
  /** "last data 6 min ago" after the freshness (a card's next line), for numbers that are not live. */
  age: HTMLElement;
  /** Dense rows: the freshness in a word, shown instead of the words where there is no room. */
  short: HTMLElement | null;
  /** The cell holding the freshness, whose title has all of it. */
  freshCell: HTMLElement;
  /** Where the card's sparkline goes once it is drawn. */
  sparkSlot: HTMLElement | null;
}

/**
 * The empty shapes of a card and a row, built once; each item is a deep clone (much cheaper than
 * building 200 of them element by element).
 */
const shapes: { card?: HTMLElement; row?: HTMLElement } = {};

function cardShape(): HTMLElement {
  return (shapes.card ??= h(
    'article',
    { class: 'card' },
    h('div', { class: 'card-head' }, h('a', { class: 'card-label' }), h('span', { class: 'card-provider' })),
    h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill' })),
    h('div', { class: 'card-line' }, h('span', { class: 'card-usage' }, h('span', { class: 'card-numbers' }), ' ', h('span', { class: 'card-pct' })), h('span', { class: 'level' })),
    h('div', { class: 'card-line card-foot' }, h('span', { class: 'card-fresh' }, h('span', { class: 'fresh' }), ' ', h('span', { class: 'age' })), h('span', { class: 'spark-slot' })),
  ));
}

function rowShape(): HTMLElement {
  return (shapes.row ??= h(
    'article',
    { class: 'dense-row' },
    h('a', { class: 'dense-label' }),
    h('span', { class: 'dense-provider' }),
    h('span', { class: 'dense-usage' }, h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill' })), h('span', { class: 'dense-numbers' })),
    h('span', { class: 'level' }),
    h('span', { class: 'dense-fresh' }, h('span', { class: 'fresh-short', 'aria-hidden': 'true' }), h('span', { class: 'fresh-words' }, h('span', { class: 'fresh' }), ' ', h('span', { class: 'age' }))),
  ));
}

/** A clone of the shape for this account: its id, its link and the label that names it. */
function partsOf(shape: HTMLElement, a: AccountState, dense: boolean): Parts {
  const root = shape.cloneNode(true) as HTMLElement;
  const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector);
  const link = q<HTMLAnchorElement>(dense ? '.dense-label' : '.card-label')!;
  link.id = `acct-${++serial}`;
  link.setAttribute('href', href({ name: 'account', id: a.id }));
  root.dataset.id = a.id;
  root.setAttribute('aria-labelledby', link.id);
  return {
    root,
    link,
    provider: q(dense ? '.dense-provider' : '.card-provider')!,
    fill: q('.bar-fill')!,
    numbers: q(dense ? '.dense-numbers' : '.card-numbers')!,
    pct: dense ? null : q('.card-pct'),
    level: q('.level')!,
    fresh: q('.fresh')!,
    age: q('.age')!,
    short: dense ? q('.fresh-short') : null,
    freshCell: q(dense ? '.dense-fresh' : '.card-fresh')!,
    sparkSlot: dense ? null : q('.spark-slot'),
  };
}

/** What a patch depends on: an item whose key is unchanged is left alone (states arrive for every poll). */
function keyOf(a: AccountState): string {
  const s = a.snapshot;
  return [a.label, a.provider, a.demo, a.status, a.level, a.errorKind, a.message, a.lastSuccessAt, s?.current, s?.limit].join('\u0000');
}

function patchParts(p: Parts, a: AccountState, now: number, dense: boolean): void {
  const fresh = freshnessOf(a, now);
  const root = p.root.dataset;
  root.freshness = a.status;
  root.current = String(fresh.current);
  root.tone = a.snapshot?.limit === null ? 'nocap' : toneOf(a.level);
  setText(p.link, a.label);
  setText(p.provider, PROVIDER_NAMES[a.provider] + (a.demo ? ' · demo' : ''));
  p.fill.style.width = barWidth(a);
  const pct = percentOf(a);
  setText(p.numbers, numbersText(a, dense) + (p.pct || !pct ? '' : ` ${pct}`));
  if (p.pct) setText(p.pct, pct);
  setText(p.level, LEVEL_WORDS[a.level]);
  setText(p.fresh, fresh.text);
  if (p.short) setText(p.short, SHORT_FRESHNESS[a.status]);
  patchAge(p, a, now, fresh.text);
}

function patchAge(p: Parts, a: AccountState, now: number, freshText: string): void {
  const age = lastDataText(a, now);
  setText(p.age, age);
  // A dense row may cut the words short at a narrow width: the whole of them on hover.
  const title = age ? `${freshText} · ${age}` : freshText;
  if (p.freshCell.title !== title) p.freshCell.title = title;
}

function itemOf(p: Parts, dense: boolean): Item {
  let last: AccountState | null = null;
  let lastKey = '';
  let canvas: HTMLCanvasElement | null = null;
  return {
    root: p.root,
    link: p.link,
    hasSpark: p.sparkSlot !== null,
    spark() {
      if (!p.sparkSlot) return null;
      if (!canvas) {
        canvas = sparkline();
        p.sparkSlot.replaceWith(canvas);
      }
      return canvas;
    },
    patch(a, now) {
      const key = keyOf(a);
      last = a;
      if (key === lastKey) return;
      lastKey = key;
      patchParts(p, a, now, dense);
    },
    tick(now) {
      if (last && last.status !== 'ok' && last.lastSuccessAt !== undefined) patchAge(p, last, now, freshnessOf(last, now).text);
    },
  };
}

/** A card: label and provider, the bar, numbers with percent and level, freshness with sparkline. */
export function cardItem(a: AccountState): Item {
  return itemOf(partsOf(cardShape(), a, false), false);
}

/** A dense row: label, provider, a short bar with numbers and percent, level, freshness (with the age). */
export function rowItem(a: AccountState): Item {
  return itemOf(partsOf(rowShape(), a, true), true);
}
