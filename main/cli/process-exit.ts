/**
 * Ending the CLI's process without hanging. Node's own exit (process.exit, or the event loop running
 * out) waits for every thread of its pool, and a keychain call that never returns (a locked keyring
 * waiting on a prompt nobody answers, a Secret Service that accepted the connection and went
 * silent) holds one of them for good: such a process could only be killed with SIGKILL. Ending by a
 * signal's default action waits for nothing, so that is how a process with a stuck call ends. A
 * shell reports it as 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 */
import { constants } from 'node:os';
import { log } from '../core/log/logger.ts';
import { keychainCallsInFlight } from '../core/secrets/keychain.ts';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The slice of `process` this needs; tests pass a fake. */
export interface ExitingProcess {
  readonly pid: number;
  kill(pid: number, signal: StopSignal): unknown;
  removeAllListeners(event: StopSignal): unknown;
  exit(code: number): never | void;
}

/** Ends the process by the signal's default action, as if it had never been caught. */
export function dieBy(signal: StopSignal, proc: ExitingProcess = process): void {
  // Without a listener Node hands the signal back to its default action: the process ends.
  proc.removeAllListeners(signal);
  proc.kill(proc.pid, signal);
  // Not reached on Linux or macOS, where a signal sent to oneself ends the process before kill()
  // returns; the same code, for anywhere else.
  proc.exit(128 + constants.signals[signal]);
}

export interface ExitOptions {
  stderr: (text: string) => void;
  proc?: ExitingProcess;
  /** Keychain calls still out; process.exit() would wait for them. */
  callsInFlight?: () => number;
}

/**
 * process.exit(code), unless a keychain call is still out: then the process says so and ends by
 * `signal` (the one that asked it to stop, usually), which does not wait for it.
 */
export function exitProcess(code: number, signal: StopSignal, opts: ExitOptions): void {
  const proc = opts.proc ?? process;
  if ((opts.callsInFlight ?? keychainCallsInFlight)() === 0) return void proc.exit(code);
  log.record('warn', `a keychain call has not answered; ended by ${signal} instead of waiting for it`);
  opts.stderr('headroom: the keychain has not answered; ending without waiting for it\n');
  dieBy(signal, proc);
}
