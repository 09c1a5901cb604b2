/**
 * Sleep and wake reach the core, which pauses polling and catches up on wake (history gap, no
 * stale alerts). A locked screen counts as away too: nobody sees the tray, so polling rests.
 */
import type { Core } from '../core/core-types.ts';
import type { PowerMonitorLike } from './electron-types.ts';

type PowerEvent = 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen';

export function wirePower(powerMonitor: PowerMonitorLike, core: Pick<Core, 'onSystemSleep' | 'onSystemWake'>): () => void {
  const suspend = () => core.onSystemSleep();
  const resume = () => core.onSystemWake();
  const wiring: Array<[PowerEvent, () => void]> = [
    ['suspend', suspend],
    ['lock-screen', suspend],
    ['resume', resume],
    ['unlock-screen', resume],
  ];
  for (const [event, listener] of wiring) powerMonitor.on(event, listener);
  return () => {
    for (const [event, listener] of wiring) powerMonitor.removeListener(event, listener);
  };
}
