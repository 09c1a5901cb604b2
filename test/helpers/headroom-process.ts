/**
 * Headroom as users run it: bin/headroom.cjs in a child process (test/helpers/simulator-process.ts
 * runs the provider simulator beside it): one-shot commands with their exit code and output,
 * long-running ones (watch, serve) read line by line and stopped by a signal, and pipelines. Waits
 * are for output lines or exits, never for wall-clock time. Needs a build (dist/cli.cjs).
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

/** The environment of the test run without anything that could carry a secret (or a test override) into the child. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(HEADROOM_SECRET_|HEADROOM_TEST_|RETELL_|VOBIZ_|PURETALK_|ULTRAVOX_)/.test(k)));
  return { ...env, ...extra };
}

/** nodeFlags go to node itself, before the script: `node --flag bin/headroom.cjs <args>`. */
export function startCli(args: string[], opts: { env: NodeJS.ProcessEnv; stdin?: string; nodeFlags?: string[] }): RunningCli {
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), BIN, ...args], { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
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

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Finished = ProcessResult;

/** Runs `headroom <args>`; stdin gets `stdin` (or nothing) and is closed, so no prompt can wait. */
export function runHeadroom(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<ProcessResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  child.stdin.on('error', () => undefined); // a command that exits before reading stdin
  child.stdin.end(opts.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export interface Running {
  /** The URL from the "listening on" line. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
  /** Resolves when the process ends by itself. */
  done: Promise<Finished>;
}

/** Starts `headroom serve <args>` and resolves once it says where it listens; rejects with its output if it ends first. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const running = startCli(['serve', ...args], { env: cleanEnv(env) });
  const line = await running.waitForLine('stdout', /listening on (http:\/\/\S+)/);
  const text = (stream: 'stdout' | 'stderr') => () => running.lines[stream].map((l) => `${l}\n`).join('');
  const done = running.exited.then((exit) => ({ ...exit, stdout: text('stdout')(), stderr: text('stderr')() }));
  return {
    url: /listening on (http:\/\/\S+)/.exec(line)![1],
    stdout: text('stdout'),
    stderr: text('stderr'),
    stop: (signal = 'SIGTERM') => {
      running.child.kill(signal);
      return done;
    },
    done,
  };
}

/** Polls `probe` until it returns something other than undefined; the deadline only guards against a hang. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`${what}: not reached within ${deadlineMs} ms${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
