/**
 * `bin/headroom.cjs` as a child process, the way people run it: one-shot commands with their exit
 * code and output, and long-running ones (serve) stopped by a signal. Needs a build (dist/cli.cjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'headroom.cjs');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): { out: () => string; err: () => string; done: Promise<Finished> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { out: () => stdout, err: () => stderr, done };
}

/** Runs `headroom <args>` to the end. The environment is only what is given (plus PATH). */
export function runHeadroom(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child).done;
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

/**
 * Starts `headroom serve <args>` and resolves once it says where it listens; rejects with its output
 * if it ends first. The deadline only guards against a hang, it is not a timing assumption.
 */
export async function startServe(args: string[], env: NodeJS.ProcessEnv, deadlineMs = 60_000): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const io = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within ${deadlineMs} ms:\n${io.out()}\n${io.err()}`));
    }, deadlineMs);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(io.out());
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve(m[1]);
    };
    child.stdout!.on('data', check);
    void io.done.then((f) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${f.code ?? f.signal}) before listening:\n${f.stdout}\n${f.stderr}`));
    });
  });
  return {
    url,
    stdout: io.out,
    stderr: io.err,
    stop: (signal = 'SIGTERM') => {
      child.kill(signal);
      return io.done;
    },
    done: io.done,
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
