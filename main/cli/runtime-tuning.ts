/**
 * How the process of a long-lived command (watch, serve) runs. Such a process waits all day and
 * polls a few times a minute, so no code of it ever gets hot enough for V8's optimizing compilers
 * (Maglev, TurboFan) to pay off: they kept compiling the rarely run poll path for ten minutes and
 * more, in compiler memory that glibc keeps per thread, and they are large code of the Node binary
 * paged in for that alone. `--max-opt=1` keeps V8 to its interpreter and its baseline compiler
 * (Sparkplug), which compiles a function in one quick pass. See the README for the figures, measured
 * side by side by `npm run bench -- core`; what it costs is speed on a rare burst of work, e.g. a
 * Prometheus scrape of 200 accounts took about 14 ms instead of 11.
 *
 * Node's V8 flags are frozen once it has started, so bin/headroom.cjs restarts the process in place
 * (process.execve: same PID, same stdio, so signals and pipes are as before) with these flags.
 */

/** The V8 flags a long-lived command's process runs with; the core's bench runs the core the same way. */
export const LONG_LIVED_NODE_FLAGS: readonly string[] = ['--max-opt=1'];

/** What the restart needs to know of this process (the real one is `process`). */
export interface NodeProcess {
  execPath: string;
  execArgv: string[];
  /** [node, script, ...args] */
  argv: string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Node 22.15 and later, not on Windows. */
  execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never | void;
}

export interface Relaunch {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The restart of this process with LONG_LIVED_NODE_FLAGS, or null when it runs as it is: the command
 * is not long-lived, it already runs with a --max-opt (these flags, or the user's own choice such as
 * `node --max-opt=999 bin/headroom.cjs watch`), or this Node or platform has no execve.
 */
export function relaunchWithFlags(proc: NodeProcess, longLived: boolean): Relaunch | null {
  if (!longLived || typeof proc.execve !== 'function' || proc.platform === 'win32') return null;
  if (proc.execArgv.some((a) => a === '--max-opt' || a.startsWith('--max-opt='))) return null;
  return { file: proc.execPath, args: [proc.execPath, ...proc.execArgv, ...LONG_LIVED_NODE_FLAGS, ...proc.argv.slice(1)], env: proc.env };
}
