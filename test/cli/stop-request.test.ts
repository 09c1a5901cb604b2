// The stop request with a fake process: which signal does what. test/cli-process proves it on a real one.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { createStopRequest, type ProcessLike } from '../../main/cli/stop-request.ts';

/** Records how it was ended: by a signal sent to itself (with no listener left for it), or exit(). */
class FakeProcess extends EventEmitter implements ProcessLike {
  readonly pid = 4242;
  readonly endings: string[] = [];
  private readonly endListeners: Array<(how: string) => void> = [];
  /** Resolves at the first ending. */
  readonly ended = new Promise<string>((resolve) => this.endListeners.push(resolve));
  kill(pid: number, signal: 'SIGINT' | 'SIGTERM'): void {
    assert.equal(pid, this.pid);
    // A real process ends here, by the signal's default action, once nothing listens for it.
    if (this.listenerCount(signal) === 0) this.end(`killed by ${signal}`);
  }
  exit(code: number): void {
    this.end(`exit ${code}`);
  }
  private end(how: string): void {
    this.endings.push(how);
    this.endListeners.forEach((l) => l(how));
  }
}

function setup(deadlineMs = 60_000) {
  const proc = new FakeProcess();
  const stderr: string[] = [];
  const stop = createStopRequest({ proc, stderr: (t) => void stderr.push(t), deadlineMs });
  return { proc, stderr, stop };
}

test('the first signal requests the stop; a second one ends the process at once, by that signal', async () => {
  const { proc, stderr, stop } = setup();
  assert.equal(stop.isRequested, false);
  assert.equal(stop.reason, null);
  proc.emit('SIGTERM');
  assert.equal(await stop.requested, 'SIGTERM');
  assert.equal(stop.reason, 'SIGTERM');
  assert.deepEqual(proc.endings, []);
  proc.emit('SIGINT');
  // Only the first ending counts: a real process is gone by then (the exit() after kill() is a fallback).
  assert.equal(proc.endings[0], 'killed by SIGINT');
  assert.deepEqual(stderr, ['headroom: SIGINT again: exiting at once\n']);
});

test('a closed output requests the stop too; a signal after it ends the process at once', async () => {
  const { proc, stop } = setup();
  stop.request('output closed');
  stop.request('SIGINT'); // the first reason stays
  assert.equal(await stop.requested, 'output closed');
  proc.emit('SIGTERM');
  assert.equal(proc.endings[0], 'killed by SIGTERM');
});

test("listeners installed before (conf's when-exit re-raises the signal) are removed: one Ctrl-C is one signal", async () => {
  const proc = new FakeProcess();
  let reRaised = 0;
  proc.once('SIGINT', () => {
    reRaised++;
    queueMicrotask(() => proc.emit('SIGINT'));
  });
  const stop = createStopRequest({ proc, stderr: () => undefined, deadlineMs: 60_000 });
  proc.emit('SIGINT');
  assert.equal(await stop.requested, 'SIGINT');
  await Promise.resolve();
  assert.equal(reRaised, 0);
  assert.deepEqual(proc.endings, []);
});

test('a stop that hangs past the deadline ends the process with a message, by the signal that asked for it', async () => {
  const { proc, stderr, stop } = setup(20);
  proc.emit('SIGINT');
  await stop.requested;
  assert.equal(await proc.ended, 'killed by SIGINT');
  assert.deepEqual(stderr, ['headroom: stopping took too long; exiting without finishing\n']);
});

test('a stop for a closed output that hangs ends by SIGTERM', async () => {
  const { proc, stop } = setup(20);
  stop.request('output closed');
  assert.equal(await proc.ended, 'killed by SIGTERM');
});
