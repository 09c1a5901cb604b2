// npm run preview: the window in your browser against the real core with demo data, until Ctrl-C.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness } from './server.ts';

const dataDir = process.env.HEADROOM_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'headroom-preview-'));
const harness = await startHarness({ dataDir, port: Number(process.env.PORT ?? 0) });
console.log(`Headroom preview (demo data, data in ${dataDir}): ${harness.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void harness.close().then(() => process.exit(0));
  });
}
