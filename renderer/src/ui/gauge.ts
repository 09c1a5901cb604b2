import type { AccountState } from '../../../main/model/state.ts';
import { h } from './dom.ts';
import { toneOf } from '../../../main/model/glance.ts';
import { noCallsPossible, wholePercent } from '../../../main/model/usage.ts';
import { numbers, pct } from './format.ts';

/** A bar of current/limit coloured by level; over 100 % it shows full and says so. */
export function gauge(): HTMLElement {
  return h('div', { class: 'gauge', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100 }, h('div', { class: 'gauge-track' }, h('div', { class: 'gauge-fill' })), h('div', { class: 'gauge-text' }, h('span', { class: 'gauge-numbers' }), h('span', { class: 'gauge-pct' })));
}

export function updateGauge(el: HTMLElement, a: AccountState): void {
  const s = a.snapshot;
  const u = s?.utilization ?? null;
  const fill = el.querySelector<HTMLElement>('.gauge-fill')!;
  fill.style.width = u === null ? (s ? '100%' : '0%') : `${Math.min(100, u * 100)}%`;
  el.dataset.level = s?.limit === null ? 'nocap' : toneOf(a.level);
  el.setAttribute('aria-valuenow', String(u === null ? (noCallsPossible(s) ? 100 : 0) : wholePercent(u)));
  // No percentage without a cap, nor with a limit of 0 (the numbers say "limit 0, no calls possible").
  const shown = s && s.limit ? pct(u) : '';
  el.setAttribute('aria-label', `${numbers(a)} ${shown}`.trim());
  el.querySelector('.gauge-numbers')!.textContent = numbers(a);
  el.querySelector('.gauge-pct')!.textContent = shown;
}
