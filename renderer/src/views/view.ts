import type { AlertEvent } from '../../../main/model/alerts.ts';

/** A screen of the window. The app shell calls these; hidden windows get hide() and no ticks. */
export interface View {
  root: HTMLElement;
  title: string;
  /** New state from main. */
  update(): void;
  /** Once a second while visible: relative times. */
  tick?(): void;
  /** Became visible (start timers, fetch). */
  show?(): void;
  /** Hidden or left (stop timers). */
  hide?(): void;
  /** An alert was just raised (the account view refreshes its log). */
  alert?(event: AlertEvent): void;
}
