/** One `headroom <name>` command: a file in main/cli/commands/ plus one line in commands/index.ts. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Reads stdin to the end (secrets when stdin is not a TTY). */
  readStdin: () => Promise<string>;
  /** A no-echo prompt on the TTY; undefined when stdin is not a TTY. */
  promptSecret?: (question: string) => Promise<string>;
  isTTY: boolean;
  /** Resolves when the user interrupts (Ctrl-C / SIGTERM): long-running commands stop cleanly. */
  interrupted: Promise<void>;
}

export interface CliCommand {
  /** e.g. "probe", or "accounts" with subcommands handled inside. */
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  auth: 2,
  rateLimited: 3,
  server: 4,
  network: 5,
  badResponse: 6,
  usage: 64,
} as const;
