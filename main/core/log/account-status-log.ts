// The log's record of what happened to each account: one line whenever its status (or problem) changes.
import type { AppState } from '../../model/state.ts';
import { log } from './logger.ts';

/**
 * A state listener that logs each account's status changes. Info lines, written to the file only:
 * hosts show the same change their own way (the window, watch's output), so stderr stays quiet.
 */
export function logStatusChanges(): (state: AppState) => void {
  const last = new Map<string, { status: string; message: string | undefined }>();
  return (state) => {
    for (const a of state.accounts) {
      const before = last.get(a.id);
      if (before?.status === a.status && before.message === a.message) continue;
      last.set(a.id, { status: a.status, message: a.message });
      if (before === undefined && a.status === 'pending') continue;
      log.info(`account '${a.label}' (${a.provider}): ${before?.status ?? 'new'} → ${a.status}${a.message ? `: ${a.message}` : ''}`);
    }
  };
}
