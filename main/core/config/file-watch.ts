import { watch as fsWatch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { log } from '../log/logger.ts';

/** Editors and atomic writes (a temp file renamed over the file) fire several events per save. */
const SETTLE_MS = 100;
/** Only where the directory can't be watched (e.g. out of inotify watches): a stat every 2 s. */
const FALLBACK_POLL_MS = 2_000;

/**
 * Calls onChange (once things settle) whenever the file may have changed, by watching its directory
 * (inotify, FSEvents, ReadDirectoryChangesW): that costs nothing while nothing happens, and sees an
 * atomic rename as well as a write in place. conf's own watch polls the file with a stat every
 * 500 ms on Linux, which woke the process twice a second for as long as it ran. Neither the watch
 * nor its timer keeps the process alive. (`watch` is swapped by tests only, to fail on purpose.)
 */
export function watchFileChanges(path: string, onChange: () => void, watch: typeof fsWatch = fsWatch): () => void {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  let polling = false;
  const poll = (why: string) => {
    log.warn(`config: ${why}; checking the file every ${FALLBACK_POLL_MS / 1000} s instead`);
    polling = true;
    watchFile(path, { persistent: false, interval: FALLBACK_POLL_MS }, changed);
  };
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === name) changed();
    });
    // A watch that fails later (the directory removed and made again, a network file system) ends:
    // the file is checked by stat from then on, and once now, in case it changed meanwhile.
    watcher.on('error', (err) => {
      watcher?.close();
      watcher = undefined;
      poll(`watching ${dirname(path)} stopped (${err.message})`);
      changed();
    });
  } catch (err) {
    poll(`cannot watch ${dirname(path)} (${(err as Error).message})`);
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
    if (polling) unwatchFile(path, changed);
  };
}
