/**
 * The real process behind CliIO: stdout and stderr that survive a closed pipe (`headroom … | head`:
 * further writes are dropped, a long-running command is asked to stop, nothing is thrown), stdin,
 * the no-echo prompt, and the stop request of long-running commands.
 */
import { promptSecret } from './secret-prompt.ts';
import { exitProcess } from './process-exit.ts';
import { createStopRequest, signalOf, type StopRequest } from './stop-request.ts';
import type { CliIO } from './types.ts';

/** The real process's io, and how it ends. */
export interface ProcessIO extends CliIO {
  /** Ends the process with this code, or by the stop's signal if a keychain call would hold the exit up. */
  exit(code: number): void;
}

/** Writes to the stream until it fails (EPIPE: the reader is gone), then drops them quietly. */
function writerFor(stream: NodeJS.WriteStream, onClosed: () => void): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    if (closed) return;
    closed = true;
    onClosed();
  });
  return (text) => {
    if (closed || stream.destroyed) return;
    stream.write(text);
  };
}

export function processIO(): ProcessIO {
  let stop: StopRequest | null = null;
  let stdoutClosed = false;
  const stdout = writerFor(process.stdout, () => {
    stdoutClosed = true;
    stop?.request('output closed');
  });
  const stderr = writerFor(process.stderr, () => undefined);
  return {
    stdout,
    stderr,
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    promptSecret: process.stdin.isTTY ? promptSecret : undefined,
    // Signals are caught only by commands that ask for this (watch, serve); others die on Ctrl-C as usual.
    get interrupted() {
      stop ??= createStopRequest({ stderr });
      if (stdoutClosed) stop.request('output closed');
      return stop.requested.then(() => undefined);
    },
    exit: (code) => exitProcess(code, signalOf(stop?.reason ?? null), { stderr }),
  };
}
