/**
 * The OS keychain through keytar (loaded lazily: a native module, and the CLI's `probe` never needs
 * it), with failures turned into one clear message about what to install or unlock. There is no
 * fallback to a file: without a keychain, accounts can't be saved.
 */
import type { Keychain } from '../core-types.ts';

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(`${message}. ${hint}`);
  }
}

const LINUX_INSTALL = 'Headroom keeps credentials only in the system keychain: install and start a Secret Service (GNOME Keyring: `sudo apt install gnome-keyring`, or KWallet) and log in to a desktop session';

/** Turns whatever keytar threw into a message that says what to do. Never includes a secret. */
export function explainKeychainError(err: unknown, platform: NodeJS.Platform = process.platform): KeychainUnavailableError {
  if (err instanceof KeychainUnavailableError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  if (/Cannot find module|was compiled against|invalid ELF|NODE_MODULE_VERSION|cannot open shared object/i.test(raw)) {
    return new KeychainUnavailableError('The keychain module (keytar) could not be loaded', platform === 'linux' ? `${LINUX_INSTALL}; reinstall Headroom (keytar needs libsecret)` : 'Reinstall Headroom');
  }
  if (platform === 'linux') {
    if (/collection\/login|locked|unlock|dismissed|prompt/i.test(raw)) {
      return new KeychainUnavailableError('The keyring is locked', 'Unlock your login keyring (GNOME Keyring / KWallet, e.g. by logging in again or opening "Passwords and Keys"), then try again');
    }
    if (/D-Bus|DBus|org\.freedesktop\.secrets|autolaunch|not provided by any \.service|ServiceUnknown/i.test(raw)) {
      return new KeychainUnavailableError('No Secret Service is running', LINUX_INSTALL);
    }
    return new KeychainUnavailableError('The keychain could not be used', LINUX_INSTALL);
  }
  if (platform === 'darwin') return new KeychainUnavailableError('The macOS Keychain refused access', 'Allow Headroom in Keychain Access (or unlock the login keychain) and try again');
  if (platform === 'win32') return new KeychainUnavailableError('Windows Credential Manager refused access', 'Check that Credential Manager is available for your user and try again');
  return new KeychainUnavailableError('The keychain could not be used', 'Headroom needs the system keychain to keep credentials');
}

function wrap(keytar: Keychain): Keychain {
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw explainKeychainError(err);
    }
  };
  return {
    getPassword: (s, a) => guard(() => keytar.getPassword(s, a)),
    setPassword: (s, a, p) => guard(() => keytar.setPassword(s, a, p)),
    deletePassword: (s, a) => guard(() => keytar.deletePassword(s, a)),
  };
}

/** keytar, with every failure explained. Rejects with KeychainUnavailableError when it can't load. */
export async function loadKeytar(): Promise<Keychain> {
  try {
    const mod = (await import('keytar')) as unknown as Keychain & { default?: Keychain };
    return wrap(mod.default ?? mod);
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
