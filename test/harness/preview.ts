// npm run preview: the window in your browser against the real core with demo data, until Ctrl-C.
// npm run preview -- --accounts 200 [--states]: 200 simulated accounts instead (see fleet.ts);
// --states puts some into the stale, failing, needs-credentials and disabled states.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FLEET_STATES_MIN } from './fleet.ts';
import { startHarness } from './server.ts';

const { values } = parseArgs({ options: { accounts: { type: 'string' }, states: { type: 'boolean', default: false } } });
const count = values.accounts === undefined ? 0 : Number(values.accounts);
if (!Number.isInteger(count) || count < 0 || count > 2000) {
  console.error('--accounts takes a whole number from 1 to 2000');
  process.exit(64);
}
if (values.states && count < FLEET_STATES_MIN) {
  console.error(`--states needs --accounts ${FLEET_STATES_MIN} or more`);
  process.exit(64);
}

const dataDir = process.env.HEADROOM_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'headroom-preview-'));
const fleet = count > 0 ? { count, states: values.states } : undefined;
if (fleet) console.log(`Adding ${count} simulated accounts…`);
const harness = await startHarness({ dataDir, port: Number(process.env.PORT ?? 0), demo: !fleet, fleet });
console.log(`Headroom preview (${fleet ? `${count} simulated accounts` : 'demo data'}, data in ${dataDir}): ${harness.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void harness.close().then(() => process.exit(0));
  });
}
