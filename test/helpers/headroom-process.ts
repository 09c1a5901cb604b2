/**
 * Headroom as users run it: bin/headroom.cjs in a child process (test/helpers/simulator-process.ts
 * runs the provider simulator beside it): one-shot commands with their exit code and output, and
 * long-running ones (serve) stopped by a signal. Output is collected; nothing waits for wall-clock
 * time. Needs a build (dist/cli.cjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'headroom.cjs');

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Finished = ProcessResult;

/** Provider variables a developer may have set: never inherited by the command under test. */
const PROVIDER_ENV = /^(RETELL_|VOBIZ_|PURETALK_|ULTRAVOX_|HEADROOM_SECRET_)/;

/** This process's environment without provider variables, with `env` on top. */
function environment(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROVIDER_ENV.test(k))), ...env };
}

/** Runs `headroom <args>`; stdin gets `stdin` (or nothing) and is closed, so no prompt can wait. */
export function runHeadroom(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<ProcessResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: environment(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
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

function collect(child: ChildProcess): { out: () => string; err: () => string; done: Promise<Finished> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { out: () => stdout, err: () => stderr, done };
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
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
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
