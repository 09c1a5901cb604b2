// The stop request with a fake process: which signal does what. test/cli-process proves it on a real one.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { createStopRequest, type ProcessLike } from '../../main/cli/stop-request.ts';

class FakeProcess extends EventEmitter implements ProcessLike {
  readonly exits: number[] = [];
  private readonly exitListeners: Array<(code: number) => void> = [];
  /** Resolves at the first exit(). */
  readonly exited = new Promise<number>((resolve) => this.exitListeners.push(resolve));
  exit(code: number): void {
    this.exits.push(code);
    this.exitListeners.forEach((l) => l(code));
  }
}

function setup(deadlineMs = 60_000) {
  const proc = new FakeProcess();
  const stderr: string[] = [];
  const stop = createStopRequest({ proc, stderr: (t) => void stderr.push(t), deadlineMs });
  return { proc, stderr, stop };
}

test('the first signal requests the stop; a second one exits at once with 128 + its number', async () => {
  const { proc, stderr, stop } = setup();
  assert.equal(stop.isRequested, false);
  proc.emit('SIGTERM');
  assert.equal(await stop.requested, 'SIGTERM');
  assert.deepEqual(proc.exits, []);
  proc.emit('SIGINT');
  assert.deepEqual(proc.exits, [130]);
  assert.deepEqual(stderr, ['headroom: SIGINT again: exiting at once\n']);
});

test('a closed output requests the stop too; a signal after it exits at once', async () => {
  const { proc, stop } = setup();
  stop.request('output closed');
  stop.request('SIGINT'); // the first reason stays
  assert.equal(await stop.requested, 'output closed');
  proc.emit('SIGTERM');
  assert.deepEqual(proc.exits, [143]);
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
  assert.deepEqual(proc.exits, []);
});

test('a stop that hangs past the deadline exits 1 with a message', async () => {
  const { proc, stderr, stop } = setup(20);
  proc.emit('SIGINT');
  await stop.requested;
  assert.equal(await proc.exited, 1);
  assert.deepEqual(stderr, ['headroom: stopping took too long; exiting without finishing\n']);
});
