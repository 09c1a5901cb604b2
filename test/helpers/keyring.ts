/**
 * The real Secret Service for tests that need one: npm test runs inside dbus-run-session with an
 * unlocked gnome-keyring. Elsewhere these tests skip, saying why.
 */
import { loadKeytar, type Keychain } from '../../main/core/secrets/keychain.ts';

/** keytar on the session's Secret Service, or null when there is none that answers. */
export async function realKeychain(): Promise<Keychain | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  try {
    const k = await loadKeytar();
    await k.getPassword('Headroom-test', 'probe');
    return k;
  } catch {
    return null;
  }
}

/** For `{ skip }`: false when a Secret Service answers, else the reason. */
export async function skipWithoutKeyring(): Promise<false | string> {
  return (await realKeychain()) ? false : 'needs a Secret Service (npm test provides one in dbus-run-session)';
}
