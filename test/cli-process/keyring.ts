// Whether the test run has a usable Secret Service (test/run.sh starts gnome-keyring in a throwaway D-Bus session).
import { loadKeytar } from '../../main/core/secrets/keychain.ts';

export async function keyringProblem(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session (run through npm test, which starts gnome-keyring)';
  try {
    await (await loadKeytar()).getPassword('Headroom-test', 'probe');
    return null;
  } catch (err) {
    return `no usable keyring: ${err instanceof Error ? err.message : String(err)}`;
  }
}
