/**
 * The real Secret Service for tests that need one: npm test runs inside dbus-run-session with an
 * unlocked gnome-keyring. Elsewhere these tests skip, saying why.
 */
import { loadKeytar, type Keychain } from '../../main/core/secrets/keychain.ts';

/** Why there is no usable Secret Service, or null when one answers. */
export async function keyringProblem(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session (run through npm test, which starts gnome-keyring)';
  try {
    await (await loadKeytar()).getPassword('Headroom-test', 'probe');
    return null;
  } catch (err) {
    return `no usable keyring: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** keytar on the session's Secret Service, or null when there is none that answers. */
export async function realKeychain(): Promise<Keychain | null> {
  return (await keyringProblem()) === null ? loadKeytar() : null;
}

/** For `{ skip }`: false when a Secret Service answers, else the reason. */
export async function skipWithoutKeyring(): Promise<false | string> {
  const problem = await keyringProblem();
  return problem === null ? false : `needs a Secret Service: ${problem}`;
}
