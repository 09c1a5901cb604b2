/**
 * Many accounts for the preview, the browser tests, the screenshots and the overview benchmark:
 * accounts of all four providers on a provider simulator of their own, added through the core's
 * API as a person would add them (each tested with one real fetch, secrets in the keychain).
 *
 * The first accounts show every level (normal, high, critical, at limit, in burst, no cap, limit 0);
 * with `states`, four more are put into each freshness state the way they happen to people: a
 * provider that stops answering (stale), one that answers with errors (failing, old numbers kept),
 * a keychain entry that went missing (needs credentials) and an account switched off (disabled);
 * then the shared clock moves six minutes on, so old numbers are visibly old.
 */
import type { Core } from '../../main/core/core-types.ts';
import type { Keychain } from '../../main/core/secrets/keychain.ts';
import { startProviderSimulator, type Numbers, type ProviderSimulator } from '../../main/core/simulator/server.ts';
import { APP_NAME } from '../../main/core/paths.ts';
import type { ProviderId } from '../../main/model/provider.ts';
import type { AccountState } from '../../main/model/state.ts';
import { waitForState } from '../helpers/core.ts';
import type { HarnessClock } from './clock.ts';

export interface FleetOptions {
  /** How many accounts; with `states` at least FLEET_STATES_MIN. */
  count: number;
  /** Put four accounts into the stale, failing, needs-credentials and disabled states. */
  states?: boolean;
}

export interface FleetSpec {
  provider: ProviderId;
  label: string;
  /** Credentials as the add form takes them (secret ones go to the keychain). */
  fields: Record<string, string>;
  numbers: Numbers;
}

export type FleetRole = 'stale' | 'failing' | 'needsCredentials' | 'disabled';

export interface Fleet {
  sim: ProviderSimulator;
  /** Every fleet account, in the order added. */
  accounts: Array<{ id: string; label: string; simKey: string; spec: FleetSpec }>;
  /** With `states`: which account is in which state. */
  roles: Partial<Record<FleetRole, string>>;
  close(): Promise<void>;
}

/** How long numbers go without a refresh in the `states` scenario: "last data 6 min ago". */
export const FLEET_STATES_AGE_MS = 6 * 60_000;

const retell = (n: number, limit: number, extra: Partial<Numbers> = {}): Numbers => ({ current: n, limit, base_concurrency: Math.min(20, limit), concurrency_burst_enabled: false, ...extra });

/** Every level once, then the accounts the `states` scenario changes (by label). */
const SHOWCASE: Array<Omit<FleetSpec, 'fields'>> = [
  { provider: 'retell', label: 'Acme support', numbers: retell(19, 20) }, // critical (95%)
  { provider: 'vobiz', label: 'Bluebird sales', numbers: { current: 41, limit: 46 } }, // high (89%)
  { provider: 'puretalk', label: 'Cedar clinic', numbers: { current: 20, limit: 20 } }, // at limit
  { provider: 'retell', label: 'Delta outbound', numbers: retell(26, 20, { concurrency_burst_enabled: true }) }, // in burst
  { provider: 'ultravox', label: 'Evergreen agents', numbers: { current: 17, limit: null } }, // no cap
  { provider: 'vobiz', label: 'Falcon dispatch', numbers: { current: 6, limit: 30 } }, // normal
  { provider: 'puretalk', label: 'Granite reminders', numbers: { current: 0, limit: 0 } }, // limit 0: at limit
  { provider: 'ultravox', label: 'Harbor front desk', numbers: { current: 12, limit: 30 } }, // normal
  { provider: 'retell', label: 'Ivy surveys', numbers: retell(14, 20) }, // normal; stale with states
  { provider: 'vobiz', label: 'Juniper billing', numbers: { current: 43, limit: 50 } }, // high; failing with states
  { provider: 'puretalk', label: 'Kestrel support', numbers: { current: 5, limit: 20 } }, // normal; needs credentials with states
  { provider: 'ultravox', label: 'Lumen outbound', numbers: { current: 9, limit: 30 } }, // normal; disabled with states
  { provider: 'retell', label: 'Maple dispatch', numbers: retell(31, 50) }, // normal
];

/** The fewest accounts the `states` scenario needs. */
export const FLEET_STATES_MIN = SHOWCASE.length;

const ROLE_LABELS: Record<FleetRole, string> = {
  stale: 'Ivy surveys',
  failing: 'Juniper billing',
  needsCredentials: 'Kestrel support',
  disabled: 'Lumen outbound',
};

const CUSTOMERS = ['Nimbus', 'Orchid', 'Pioneer', 'Quartz', 'Redwood', 'Summit', 'Tidal', 'Umber', 'Vista', 'Willow', 'Yarrow', 'Zenith', 'Atlas', 'Beacon', 'Cobalt', 'Dune', 'Ember', 'Fjord', 'Glacier', 'Heron', 'Indigo', 'Jasper', 'Kite', 'Lotus', 'Meadow', 'Nova'];
const LINES = ['support', 'sales', 'outbound', 'clinic', 'dispatch', 'reminders', 'surveys', 'front desk'];
const LIMITS: Record<ProviderId, Array<number | null>> = { retell: [20, 50, 100], vobiz: [10, 25, 46], puretalk: [10, 20, 40], ultravox: [30, 60, null, 30, 60] };
const PROVIDERS: ProviderId[] = ['retell', 'vobiz', 'puretalk', 'ultravox'];

/** A deterministic spread in [0, 1) for account i. */
function spread(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43_758.5453;
  return x - Math.floor(x);
}

/** Mostly normal, some high, a few critical or at the limit, as a real fleet looks. */
function generated(i: number): Omit<FleetSpec, 'fields'> {
  const provider = PROVIDERS[i % PROVIDERS.length];
  const limits = LIMITS[provider];
  const limit = limits[Math.floor(spread(i, 1) * limits.length)];
  const r = spread(i, 2);
  const u = r < 0.05 ? 0.95 + spread(i, 3) * 0.04 : r < 0.15 ? 0.8 + spread(i, 3) * 0.14 : r < 0.17 ? 1 : 0.05 + spread(i, 3) * 0.7;
  const current = limit === null ? Math.round(5 + spread(i, 4) * 80) : Math.floor(limit * u);
  const round = Math.floor(i / CUSTOMERS.length);
  const line = LINES[round % LINES.length];
  const suffix = round >= LINES.length ? ` ${Math.floor(round / LINES.length) + 1}` : '';
  const label = `${CUSTOMERS[i % CUSTOMERS.length]} ${line}${suffix}`;
  return { provider, label, numbers: provider === 'retell' ? retell(current, limit ?? 20) : { current, limit } };
}

function credentials(provider: ProviderId, i: number): Record<string, string> {
  if (provider === 'vobiz') return { authId: `MA_FLEET${i}`, authToken: `fleet_vobiz_${i}` };
  return { apiKey: `fleet_${provider}_${i}` };
}

export function fleetSpecs(count: number): FleetSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const spec = i < SHOWCASE.length ? SHOWCASE[i] : generated(i);
    return { ...spec, fields: credentials(spec.provider, i) };
  });
}

const byId = (s: { accounts: AccountState[] }, id: string) => s.accounts.find((a) => a.id === id);

/** Adds the fleet to a running core (whose keychain is `keychain`) and, with `states`, sets the states up. */
export async function startFleet(core: Core, keychain: Keychain, clock: HarnessClock, opts: FleetOptions): Promise<Fleet> {
  const sim = await startProviderSimulator();
  const accounts: Fleet['accounts'] = [];
  try {
    for (const spec of fleetSpecs(opts.count)) {
      const simKey = sim.addAccount(spec.provider, spec.fields, spec.numbers);
      const view = await core.api.addAccount({ provider: spec.provider, label: spec.label, fields: spec.fields, baseUrl: sim.baseUrls[spec.provider] });
      accounts.push({ id: view.id, label: view.label, simKey, spec });
    }
    const roles = opts.states ? await setUpStates(core, keychain, clock, sim, accounts) : {};
    return { sim, accounts, roles, close: () => sim.close() };
  } catch (err) {
    await sim.close();
    throw err;
  }
}

async function setUpStates(core: Core, keychain: Keychain, clock: HarnessClock, sim: ProviderSimulator, accounts: Fleet['accounts']): Promise<Fleet['roles']> {
  const find = (role: FleetRole) => {
    const account = accounts.find((a) => a.label === ROLE_LABELS[role]);
    if (!account) throw new Error(`the states scenario needs at least ${FLEET_STATES_MIN} fleet accounts`);
    return account;
  };
  const [stale, failing, needsCredentials, disabled] = (['stale', 'failing', 'needsCredentials', 'disabled'] as const).map(find);
  const ids = new Set(accounts.map((a) => a.id));
  // Every account has numbers first: the states below keep them, as old numbers.
  await waitForState(core, (s) => s.accounts.filter((a) => ids.has(a.id)).every((a) => a.status === 'ok'));

  sim.fail(failing.simKey, { kind: 'status', status: 503, body: '{"error":"service unavailable"}' });
  await core.api.refreshNow(failing.id);
  await keychain.deletePassword(APP_NAME, needsCredentials.id);
  await core.api.refreshNow(needsCredentials.id);
  await core.api.setEnabled(disabled.id, false);
  // Never answers (the harness core waits long for an answer): its numbers age while the poll hangs.
  sim.fail(stale.simKey, { kind: 'hang' });

  const jumpedAt = clock.now() + FLEET_STATES_AGE_MS;
  clock.advance(FLEET_STATES_AGE_MS);
  // The poller notices the jump (as after a sleep) and polls every account again: the healthy
  // ones are live again, the others keep numbers from six minutes ago.
  await waitForState(core, (s) => {
    const status = (id: string) => byId(s, id)?.status;
    const others = s.accounts.filter((a) => ids.has(a.id) && ![stale, failing, needsCredentials, disabled].some((x) => x.id === a.id));
    return (
      status(stale.id) === 'stale' &&
      status(failing.id) === 'error' &&
      status(needsCredentials.id) === 'needs-credentials' &&
      status(disabled.id) === 'disabled' &&
      others.every((a) => a.status === 'ok' && (a.lastSuccessAt ?? 0) >= jumpedAt)
    );
  });
  return { stale: stale.id, failing: failing.id, needsCredentials: needsCredentials.id, disabled: disabled.id };
}
