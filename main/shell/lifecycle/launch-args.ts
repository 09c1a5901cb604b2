// The command-line switches Headroom understands, from its own launch or a second one.

export interface LaunchArgs {
  demo: boolean;
  /** `--account <id>` or `--account=<id>`: open the window on that account. */
  accountId: string | null;
}

const ACCOUNT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  let accountId: string | null = null;
  argv.forEach((arg, i) => {
    const value = arg.startsWith('--account=') ? arg.slice('--account='.length) : arg === '--account' ? argv[i + 1] : undefined;
    if (value !== undefined && ACCOUNT_ID.test(value)) accountId = value;
  });
  return { demo: argv.includes('--demo'), accountId };
}

/** The arguments to relaunch with in demo mode: this launch's own, plus --demo once. */
export function demoRelaunchArgs(argv: readonly string[]): string[] {
  return [...argv.slice(1).filter((a) => a !== '--demo'), '--demo'];
}
