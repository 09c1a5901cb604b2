/**
 * `bin/headroom.cjs` as a child process, the way people and scripts run it: its output line by line,
 * waits for a line (never for a time), signals, and its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'headroom.cjs');
/** Last-resort guard only: every wait ends on an output line or the process's exit. */
const GUARD_MS = 60_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

type StreamName = 'stdout' | 'stderr';

export interface RunningCli {
  child: ChildProcess;
  readonly lines: Record<StreamName, string[]>;
  /** Resolves with the first line (already printed or to come) that matches; rejects if the process exits first. */
  waitForLine(stream: StreamName, match: RegExp | ((line: string) => boolean)): Promise<string>;
  exited: Promise<Exit>;
  /** Everything printed so far, for assertion messages. */
  transcript(): string;
}

/** The environment of the test run without anything that could carry a secret into the child. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HEADROOM_SECRET_|HEADROOM_TEST_|RETELL_|VOBIZ_|PURETALK_|ULTRAVOX_)/.test(k)));
  return { ...env, ...extra };
}

export function startCli(args: string[], opts: { env: NodeJS.ProcessEnv; stdin?: string }): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<StreamName, string[]> = { stdout: [], stderr: [] };
  const waiters = new Set<() => void>();
  for (const name of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[name]! }).on('line', (line) => {
      lines[name].push(line);
      for (const w of waiters) w();
    });
  }
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  // Resolves once both output streams are read to their end, so no line is missed after exit.
  const exited = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const transcript = () => `stdout:\n${lines.stdout.join('\n')}\nstderr:\n${lines.stderr.join('\n')}`;
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of waiters) w();
  });
  function waitForLine(stream: StreamName, match: RegExp | ((line: string) => boolean)): Promise<string> {
    const test = typeof match === 'function' ? match : (l: string) => match.test(l);
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => finish(() => reject(new Error(`no ${stream} line matching ${match} within ${GUARD_MS} ms\n${transcript()}`))), GUARD_MS);
      const finish = (then: () => void) => {
        clearTimeout(guard);
        waiters.delete(check);
        then();
      };
      const check = () => {
        const found = lines[stream].find(test);
        if (found !== undefined) finish(() => resolve(found));
        else if (done) finish(() => reject(new Error(`exited without a ${stream} line matching ${match}\n${transcript()}`)));
      };
      waiters.add(check);
      check();
    });
  }
  return { child, lines, waitForLine, exited, transcript };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end. */
export async function runCliProcess(args: string[], opts: { env: NodeJS.ProcessEnv; stdin?: string }): Promise<CliRun> {
  const running = startCli(args, { ...opts, stdin: opts.stdin ?? '' });
  const { code } = await running.exited;
  return { code, stdout: running.lines.stdout.join('\n'), stderr: running.lines.stderr.join('\n') };
}

/** Runs a bash pipeline, e.g. `"$NODE" "$BIN" watch | head -1` ($NODE and $BIN are set). */
export async function runPipeline(script: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawn('bash', ['-c', script], { env: { ...env, NODE: process.execPath, BIN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}
