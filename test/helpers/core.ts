import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { createCore } from '../../main/core/app-core.ts';
import type { Core, CoreOptions } from '../../main/core/core-types.ts';
import type { AppState } from '../../main/model/state.ts';

export function tempDir(prefix = 'headroom-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RecordedNotification {
  title: string;
  body: string;
  accountId: string | null;
}

/** A core on a throwaway data dir with an in-memory keychain and a recording notifier. */
export async function testCore(opts: Partial<CoreOptions> = {}): Promise<{ core: Core; dir: string; sent: RecordedNotification[]; dispose: () => Promise<void> }> {
  const dir = opts.dataDir ?? tempDir();
  const sent: RecordedNotification[] = [];
  const core = await createCore({
    keychain: new MemoryKeychain(),
    notifier: { notify: async (n) => void sent.push(n) },
    ...opts,
    dataDir: dir,
  });
  return {
    core,
    dir,
    sent,
    dispose: async () => {
      await core.stop();
      if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves with the first state (current or emitted) that satisfies the predicate. The deadline
 * only ends a run that went wrong; a busy 2-core machine may take many times the usual.
 */
export function waitForState(core: Core, predicate: (s: AppState) => boolean, timeoutMs = 60_000): Promise<AppState> {
  return new Promise((resolve, reject) => {
    if (predicate(core.state())) return resolve(core.state());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state not reached within ${timeoutMs} ms: ${JSON.stringify(core.state().accounts.map((a) => [a.label, a.status, a.message]))}`));
    }, timeoutMs);
    const off = core.on('state', (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
