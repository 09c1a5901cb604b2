import { run } from '../../main/cli/index.ts';
import type { CliIO } from '../../main/cli/types.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `headroom <argv>` in-process with captured output and the given environment; onStdout sees the output so far after each write. */
export async function runCli(argv: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; interrupted?: Promise<void>; onStdout?: (all: string) => void } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
      opts.onStdout?.(stdout);
    },
    stderr: (t) => void (stderr += t),
    env: { ...opts.env },
    readStdin: async () => opts.stdin ?? '',
    isTTY: false,
    interrupted: opts.interrupted ?? new Promise(() => {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
