import { detailsInLog, log, openLog } from '../core/log/logger.ts';
import { dataDir } from '../core/paths.ts';
import { VERSION } from '../core/version.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, EXIT_CODE_TABLE } from './exit-codes.ts';
import { messageOf } from './failures.ts';
import { processIO, type ProcessIO } from './process-io.ts';
import { relaunchWithFlags, type NodeProcess, type Relaunch } from './runtime-tuning.ts';
import type { CliIO } from './types.ts';

/** After a command returned, anything still holding the loop (a stuck socket) gets this long. */
const EXIT_GRACE_MS = 1_000;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Headroom ${VERSION}: watch concurrent-call limits of voice-AI providers.\n\nusage: headroom <command> [options]\n\ncommands:\n${rows}\n\nRun \`headroom <command> --help\` for a command's options.\n\n${EXIT_CODE_TABLE}`;
}

/** --help or -h anywhere before a `--`. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`headroom: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  if (asksForHelp(rest)) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

/**
 * bin/headroom.cjs asks this before main(): a long-lived command's process is restarted in place
 * with LONG_LIVED_NODE_FLAGS (runtime-tuning.ts says why); null runs the command as it is.
 */
export function relaunchFor(argv: string[], proc: NodeProcess = process): Relaunch | null {
  const command = COMMANDS.find((c) => c.name === argv[0]);
  return relaunchWithFlags(proc, command?.longLived === true && !asksForHelp(argv.slice(1)));
}

/** A bug that escaped every command: one line for people, the stack in the log, exit 70. */
function reportCrashes(io: ProcessIO): void {
  const crash = (err: unknown) => {
    log.record('error', 'headroom crashed', err);
    const details = detailsInLog();
    io.stderr(`headroom: internal error: ${messageOf(err)}${details ? ` (${details})` : ''}\n`);
    io.exit(EXIT.internal);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

/** The process entry (bin/headroom.cjs): real io, the CLI's log, crash reporting. */
export async function main(argv: string[]): Promise<number> {
  const io = processIO();
  // cli.log for one-shot commands; long-running ones switch to their own (watch.log, serve.log).
  openLog({ dataDir: dataDir(io.env), name: 'cli' });
  reportCrashes(io);
  const code = await run(argv, io);
  setTimeout(() => io.exit(code), EXIT_GRACE_MS).unref();
  return code;
}
