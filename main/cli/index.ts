import { createInterface } from 'node:readline';
import { VERSION } from '../core/version.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, type CliIO } from './types.ts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Headroom ${VERSION}: watch concurrent-call limits of voice-AI providers.\n\nusage: headroom <command> [options]\n\ncommands:\n${rows}\n\nRun \`headroom <command> --help\` for a command's options.\n`;
}

function promptSecret(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stderr.write(s); // echo the question, never the typed secret
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function processIO(): CliIO {
  let interrupted: Promise<void> | undefined;
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    promptSecret: process.stdin.isTTY ? promptSecret : undefined,
    // Signals are caught only by commands that ask for them (watch); others die on Ctrl-C as usual.
    get interrupted() {
      interrupted ??= new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      return interrupted;
    },
  };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
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
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}

export function main(argv: string[]): Promise<number> {
  return run(argv, processIO());
}
