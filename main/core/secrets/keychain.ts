/**
 * The OS keychain through keytar (loaded lazily: a native module, and the CLI's `probe` never needs
 * it), with failures turned into one clear message about what to install or unlock. There is no
 * fallback to a file: without a keychain, accounts can't be saved.
 */

/** The slice of keytar Headroom uses; injected so tests and demo mode can swap it. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(`${message}. ${hint}`);
  }
}

const LINUX_INSTALL =
  'Headroom keeps credentials only in the system keychain, never in a file. Install and start a Secret Service: GNOME Keyring (Debian/Ubuntu: `sudo apt install gnome-keyring`, Fedora: `sudo dnf install gnome-keyring`, Arch: `sudo pacman -S gnome-keyring`) or KDE Wallet (`kwalletmanager`), then log in to a desktop session (headless: run Headroom inside `dbus-run-session` with `gnome-keyring-daemon --unlock --components=secrets`)';
const LINUX_UNLOCK = 'Unlock your login keyring (log out and in again, or open "Passwords and Keys" / KWalletManager and unlock it), then try again';

function explainLinux(raw: string): KeychainUnavailableError {
  if (/collection\/login|is locked|unlock|dismissed|prompt/i.test(raw)) return new KeychainUnavailableError('The keyring is locked', LINUX_UNLOCK);
  if (/D-Bus|DBus|org\.freedesktop\.secrets|autolaunch|\.service files|ServiceUnknown|connection refused|No such file/i.test(raw)) {
    return new KeychainUnavailableError('No Secret Service (keyring) is running', LINUX_INSTALL);
  }
  return new KeychainUnavailableError('The keyring could not be used', LINUX_INSTALL);
}

function explainMac(raw: string): KeychainUnavailableError {
  if (/interaction is not allowed|locked/i.test(raw)) {
    return new KeychainUnavailableError('The macOS login keychain is locked', 'Unlock it (Keychain Access > File > Unlock Keychain "login") and try again');
  }
  return new KeychainUnavailableError('The macOS Keychain refused access', 'Open Keychain Access, allow Headroom access to its "Headroom" items (or click "Always Allow" when asked) and try again');
}

/** Turns whatever keytar threw into a message that says what to do. Never includes a secret. */
export function explainKeychainError(err: unknown, platform: NodeJS.Platform = process.platform): KeychainUnavailableError {
  if (err instanceof KeychainUnavailableError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  if (/Cannot find (module|package)|was compiled against|invalid ELF|NODE_MODULE_VERSION|cannot open shared object/i.test(raw)) {
    const hint = platform === 'linux' ? `Reinstall Headroom; keytar needs libsecret (Debian/Ubuntu: \`sudo apt install libsecret-1-0\`). ${LINUX_INSTALL}` : 'Reinstall Headroom';
    return new KeychainUnavailableError('The keychain module (keytar) could not be loaded', hint);
  }
  if (platform === 'linux') return explainLinux(raw);
  if (platform === 'darwin') return explainMac(raw);
  if (platform === 'win32') {
    return new KeychainUnavailableError('Windows Credential Manager refused access', 'Check that Credential Manager is running and usable for your Windows account (Control Panel > Credential Manager), then try again');
  }
  return new KeychainUnavailableError('The keychain could not be used', 'Headroom needs the system keychain to keep credentials');
}

/** keytar calls not answered yet. Each holds a thread of Node's pool, and Node's exit waits for them. */
let callsInFlight = 0;

/**
 * Whether a keychain call is still out. One that never returns (a locked keyring waiting on a
 * prompt nobody answers) would make the process hang at exit: see main/cli/process-exit.ts.
 */
export function keychainCallsInFlight(): number {
  return callsInFlight;
}

/** How long a caller waits for the keychain before it is told the keychain did not answer. */
export const KEYCHAIN_ANSWER_MS = 20_000;

function notAnswering(ms: number, platform: NodeJS.Platform): KeychainUnavailableError {
  const what = `The keychain did not answer within ${ms / 1000} s`;
  if (platform === 'linux') return new KeychainUnavailableError(what, `${LINUX_UNLOCK}; a prompt to unlock it may be waiting on the desktop`);
  if (platform === 'darwin') return new KeychainUnavailableError(what, 'Answer the keychain prompt or unlock the login keychain (Keychain Access), then try again');
  return new KeychainUnavailableError(what, 'Check that Credential Manager is running and usable for your Windows account, then try again');
}

/**
 * keytar with every failure explained, one call at a time, and an answer within `answerMs`.
 * A call that never returns can't be cancelled: it keeps a thread of Node's pool (4 threads,
 * shared with file and DNS work) until it does. One at a time, a keychain that went silent holds
 * one thread, not one per account polled. Callers stop waiting after `answerMs` and are told why;
 * the calls behind a stuck one wait, and are told the same; a call whose caller stopped waiting is
 * not sent once the keychain answers again (after a long lock, not every poll of the wait at once).
 */
export function explainedKeychain(keytar: Keychain, answerMs = KEYCHAIN_ANSWER_MS, platform: NodeJS.Platform = process.platform): Keychain {
  let last: Promise<unknown> = Promise.resolve();
  const call = <T>(fn: () => Promise<T>): Promise<T> => {
    let gaveUp = false;
    const run = last.then(async () => {
      if (gaveUp) throw notAnswering(answerMs, platform); // its caller was told already: not sent
      callsInFlight++;
      try {
        return await fn();
      } catch (err) {
        throw explainKeychainError(err, platform);
      } finally {
        callsInFlight--;
      }
    });
    last = run.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        gaveUp = true;
        reject(notAnswering(answerMs, platform));
      }, answerMs);
      timer.unref(); // a keychain call never holds the process open by itself
    });
    return Promise.race([run, late]).finally(() => clearTimeout(timer));
  };
  return {
    getPassword: (s, a) => call(() => keytar.getPassword(s, a)),
    setPassword: (s, a, p) => call(() => keytar.setPassword(s, a, p)),
    deletePassword: (s, a) => call(() => keytar.deletePassword(s, a)),
  };
}

/** keytar, with every failure explained. Rejects with KeychainUnavailableError when it can't load. */
export async function loadKeytar(): Promise<Keychain> {
  try {
    const mod = (await import('keytar')) as unknown as Keychain & { default?: Keychain };
    return explainedKeychain(mod.default ?? mod);
  } catch (err) {
    throw explainKeychainError(err);
  }
}

/** In-memory keychain: demo mode and tests. */
export class MemoryKeychain implements Keychain {
  private readonly entries = new Map<string, string>();

  async getPassword(service: string, account: string): Promise<string | null> {
    return this.entries.get(`${service}\u0000${account}`) ?? null;
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.entries.set(`${service}\u0000${account}`, password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}\u0000${account}`);
  }
}
