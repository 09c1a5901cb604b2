// The log's record of what happened to each account: one line whenever an account's status changes.
import type { AccountStatus, AppState } from '../../model/state.ts';
import { log } from './logger.ts';

/**
 * A state listener that logs each account's status changes. Info lines, written to the file only:
 * hosts show the same change their own way (the window, watch's output), so stderr stays quiet.
 */
export function logStatusChanges(): (state: AppState) => void {
  const last = new Map<string, AccountStatus>();
  return (state) => {
    for (const a of state.accounts) {
      const before = last.get(a.id);
      if (before === a.status) continue;
      last.set(a.id, a.status);
      if (before === undefined && a.status === 'pending') continue;
      log.info(`account '${a.label}' (${a.provider}): ${before ?? 'new'} → ${a.status}${a.message ? `: ${a.message}` : ''}`);
    }
  };
}
