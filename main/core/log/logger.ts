/**
 * The process's log: what went wrong (and a few lifecycle lines) for people to read later, in
 * `<data dir>/logs/<host>.log` (app.log, watch.log, serve.log, cli.log), size-capped and rotated.
 * A host opens it once (openLog); every module logs through `log` whether or not one is open.
 * Warnings and errors are echoed to stderr in one line; the file also gets stacks.
 *
 * Secrets never reach it: callers never log one, and as a second line of defence every secret the
 * process has handled (rememberSecret, called by the secret store) is replaced before writing.
 */
import { join } from 'node:path';
import { RotatingFile } from './rotating-file.ts';

export type LogLevel = 'info' | 'warn' | 'error';

/** 1 MiB per file and three old files: at most 4 MiB per host. */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 3;

export interface OpenLogOptions {
  dataDir: string;
  /** The host: "app", "watch", "serve" or "cli"; the file is `<name>.log`. */
  name: string;
  maxBytes?: number;
  keep?: number;
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

let file: RotatingFile | null = null;
// console.error (not process.stderr directly) so tests and hosts that capture the console see it.
const consoleEcho = (line: string) => console.error(line.replace(/\n$/, ''));
let echo: ((line: string) => void) | null = consoleEcho;
const secrets = new Set<string>();

/** Opens (or switches to) this host's log file; it is created at the first line. Returns its path. */
export function openLog(opts: OpenLogOptions): string {
  const path = join(logsDir(opts.dataDir), `${opts.name}.log`);
  file = new RotatingFile({ path, maxBytes: opts.maxBytes ?? LOG_MAX_BYTES, keep: opts.keep ?? LOG_KEEP });
  return path;
}

export function closeLog(): void {
  file = null;
}

/** Where this process logs, or null when no host opened a log. */
export function logFilePath(): string | null {
  return file?.options.path ?? null;
}

/** Where warnings and errors are echoed: stderr (console.error) when undefined, nowhere when null. */
export function setLogEcho(target: ((line: string) => void) | null | undefined): void {
  echo = target === undefined ? consoleEcho : target;
}

/** "details are in the log: /…/logs/app.log" for messages that send people there; null without a log. */
export function detailsInLog(): string | null {
  const path = logFilePath();
  return path ? `details are in the log: ${path}` : null;
}

/** A secret this process handles: replaced wherever it would appear in the log. */
export function rememberSecret(value: string | undefined | null): void {
  // Very short values would blank out ordinary words; no real credential is that short.
  if (value && value.length >= 6) secrets.add(value);
}

function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[secret]');
  return out;
}

/** Control, escape and bidi characters would garble the file or a terminal showing it. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function describe(err: unknown): { short: string; full: string } {
  if (err instanceof Error) return { short: err.message, full: err.stack ?? `${err.name}: ${err.message}` };
  return { short: String(err), full: String(err) };
}

function write(level: LogLevel, message: string, err: unknown, echoed: boolean): void {
  const detail = err === undefined ? null : describe(err);
  if (echo && echoed) {
    try {
      echo(redact(`headroom: ${message}${detail ? `: ${detail.short}` : ''}`).replace(UNPRINTABLE, '\uFFFD') + '\n');
    } catch {
      // a closed stderr must not turn logging into a crash
    }
  }
  if (!file) return;
  const body = detail ? `${message}\n${detail.full}` : message;
  const text = redact(body).replace(UNPRINTABLE, '\uFFFD').replace(/\n/g, '\n    ');
  try {
    file.append(`${new Date().toISOString()} [${process.pid}] ${level.toUpperCase()} ${text}\n`);
  } catch (writeErr) {
    const path = file.options.path;
    file = null; // say it once, then log to stderr only
    echo?.(`headroom: could not write the log ${path}: ${describe(writeErr).short}\n`);
  }
}

export const log = {
  /** To the file only. */
  info: (message: string) => write('info', message, undefined, false),
  /** To the file, and one line on stderr. */
  warn: (message: string, err?: unknown) => write('warn', message, err, true),
  error: (message: string, err?: unknown) => write('error', message, err, true),
  /** To the file only, at any level: for callers that tell people themselves. */
  record: (level: LogLevel, message: string, err?: unknown) => write(level, message, err, false),
};
