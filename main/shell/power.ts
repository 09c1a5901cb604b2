// Sleep and wake reach the core, which pauses polling and catches up (history gap, no stale alerts).
import type { Core } from '../core/core-types.ts';
import type { PowerMonitorLike } from './electron-types.ts';

export function wirePower(powerMonitor: PowerMonitorLike, core: Pick<Core, 'suspend' | 'resume'>): () => void {
  const suspend = () => core.suspend();
  const resume = () => core.resume();
  powerMonitor.on('suspend', suspend);
  powerMonitor.on('resume', resume);
  powerMonitor.on('unlock-screen', resume);
  return () => {
    powerMonitor.removeListener('suspend', suspend);
    powerMonitor.removeListener('resume', resume);
    powerMonitor.removeListener('unlock-screen', resume);
  };
}
