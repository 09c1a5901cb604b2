/**
 * A size-capped log file: lines are appended synchronously (a line written just before the process
 * exits or crashes is kept), and when the file would pass its cap it is renamed to `<name>.1.log`
 * (older ones shift up to `<name>.<keep>.log`, the oldest is dropped). Several processes may append
 * to the same file: O_APPEND keeps lines whole and the size is read from the file, not counted.
 *
 * Our own rather than a library: pino's rotation runs in a worker thread loaded by file path (which
 * a single esbuild bundle and an asar archive don't offer), and stream-based rotators write
 * asynchronously, so lines written right before process.exit() would be lost.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** The cap of the current file; old files are at most this size too. */
  maxBytes: number;
  /** How many old files to keep beside the current one. */
  keep: number;
}

/** `watch.log` → `watch.1.log`. */
export function rotatedPath(path: string, n: number): string {
  return path.endsWith('.log') ? `${path.slice(0, -4)}.${n}.log` : `${path}.${n}`;
}

export class RotatingFile {
  constructor(readonly options: RotatingFileOptions) {}

  /** Appends text; throws when the file can't be written (the logger decides what that means). */
  append(text: string): void {
    const { path } = this.options;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (this.sizeOf(path) + Buffer.byteLength(text) > this.options.maxBytes) this.rotate();
    appendFileSync(path, text, { mode: 0o600 });
  }

  private sizeOf(path: string): number {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  }

  private rotate(): void {
    const { path, keep } = this.options;
    rmSync(rotatedPath(path, keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) this.renameIfThere(rotatedPath(path, n), rotatedPath(path, n + 1));
    if (keep > 0) this.renameIfThere(path, rotatedPath(path, 1));
    else rmSync(path, { force: true });
  }

  /** Another process may have rotated the same file a moment ago. */
  private renameIfThere(from: string, to: string): void {
    try {
      renameSync(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}
