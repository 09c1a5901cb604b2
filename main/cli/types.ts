/** One `headroom <name>` command: a file in main/cli/commands/ plus one line in commands/index.ts. */
export interface CliIO {
  /** Output; once its reader is gone (a closed pipe) further writes are dropped. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Reads stdin to the end (secrets when stdin is not a TTY). */
  readStdin: () => Promise<string>;
  /** A no-echo prompt on the TTY; undefined when stdin is not a TTY. */
  promptSecret?: (question: string) => Promise<string>;
  isTTY: boolean;
  /**
   * For long-running commands (watch, serve): resolves when they should stop (Ctrl-C, SIGTERM, or
   * the reader of stdout went away). Until then the process stays alive; asking for it is what
   * makes a command long-running (see stop-request.ts).
   */
  interrupted: Promise<void>;
}

export interface CliCommand {
  /** e.g. "probe", or "accounts" with subcommands handled inside. */
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  /** Runs until stopped (watch, serve): bin/headroom.cjs starts it with LONG_LIVED_NODE_FLAGS (runtime-tuning.ts). */
  longLived?: boolean;
  /** Returns the exit code (exit-codes.ts). */
  run(args: string[], io: CliIO): Promise<number>;
}
