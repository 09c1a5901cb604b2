/**
 * How a long-running command (watch, serve) learns that it should stop, and what keeps its process
 * alive until then. Node exits once nothing is left to wait for, and the core's timers are unref'd
 * on purpose (a core never holds a process open by itself); so while a stop is awaited, one ref'd
 * handle keeps the process running, whatever the core has to do (no accounts yet, all paused).
 *
 * A stop is requested by SIGINT, SIGTERM, or the reader of our output going away. The command then
 * stops its core and returns; a second signal meanwhile ends the process at once, by that signal,
 * and a stop that hangs is cut short after STOP_DEADLINE_MS, by the signal that asked for it
 * (SIGTERM when the output closed). Both end by a signal because whatever holds the stop up may
 * hold Node's own exit up too (main/cli/process-exit.ts); a shell reports 128 + its number.
 */
import { log } from '../core/log/logger.ts';
import { dieBy, type ExitingProcess, type StopSignal } from './process-exit.ts';

export type StopReason = StopSignal | 'output closed';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The signal a process stopped for this reason ends by when it can't end normally. */
export const signalOf = (reason: StopReason | null): StopSignal => (reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');

/** A stop that takes longer than this (a stuck file system or keychain) gives up. */
export const STOP_DEADLINE_MS = 10_000;
/** Longer than any timer can wait (2^31 - 1 ms): the handle only keeps the loop alive. */
const KEEP_ALIVE_MS = 2_147_483_647;

/** The slice of `process` this needs; tests pass a fake. */
export interface ProcessLike extends ExitingProcess {
  on(event: StopSignal, listener: () => void): unknown;
}

export interface StopRequest {
  /** Resolves with the first reason; the process stays alive until it does. */
  readonly requested: Promise<StopReason>;
  request(reason: StopReason): void;
  readonly isRequested: boolean;
  /** Why the stop was asked for; null while it wasn't. */
  readonly reason: StopReason | null;
}

export interface StopRequestOptions {
  proc?: ProcessLike;
  stderr?: (text: string) => void;
  deadlineMs?: number;
}

export function createStopRequest(opts: StopRequestOptions = {}): StopRequest {
  const proc = opts.proc ?? process;
  const stderr = opts.stderr ?? ((t: string) => void process.stderr.write(t));
  let reason: StopReason | null = null;
  let resolve!: (r: StopReason) => void;
  const requested = new Promise<StopReason>((r) => (resolve = r));
  const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);

  function request(why: StopReason): void {
    if (reason) return;
    reason = why;
    clearInterval(keepAlive);
    log.info(`stopping: ${why}`);
    // Unref'd: a clean stop ends the process before this fires and is never held up by it.
    setTimeout(() => {
      log.record('error', `stopping took longer than ${opts.deadlineMs ?? STOP_DEADLINE_MS} ms; exited without finishing`);
      stderr(`headroom: stopping took too long; exiting without finishing\n`);
      dieBy(signalOf(reason), proc);
    }, opts.deadlineMs ?? STOP_DEADLINE_MS).unref();
    resolve(why);
  }

  for (const signal of SIGNALS) {
    // The command owns these signals now. conf's atomic writes (atomically → when-exit) hook them to
    // delete temp files and then re-raise the signal, so every Ctrl-C would arrive twice; its
    // cleanup also runs on 'exit', which every way out of here passes through.
    proc.removeAllListeners(signal);
    proc.on(signal, () => {
      if (!reason) return request(signal);
      // The person (or the service manager) insists: no more waiting for a clean stop.
      log.record('warn', `second signal (${signal}) while stopping: exited at once`);
      stderr(`headroom: ${signal} again: exiting at once\n`);
      dieBy(signal, proc);
    });
  }
  return {
    requested,
    request,
    get isRequested() {
      return reason !== null;
    },
    get reason() {
      return reason;
    },
  };
}
