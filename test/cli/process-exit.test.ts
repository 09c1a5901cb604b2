// How the CLI's process ends, with a fake process. test/cli-process/watch.test.ts proves it on a
// real one, against a keychain that never answers.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { dieBy, exitProcess, type ExitingProcess } from '../../main/cli/process-exit.ts';

class FakeProcess extends EventEmitter implements ExitingProcess {
  readonly pid = 4242;
  readonly calls: string[] = [];
  kill(pid: number, signal: 'SIGINT' | 'SIGTERM'): void {
    this.calls.push(`kill ${pid} ${signal} (listeners: ${this.listenerCount(signal)})`);
  }
  exit(code: number): void {
    this.calls.push(`exit ${code}`);
  }
}

test('dieBy: no listener is left to catch the signal, then the process sends it to itself', () => {
  const proc = new FakeProcess();
  proc.on('SIGTERM', () => undefined);
  dieBy('SIGTERM', proc);
  // The exit is only reached where a signal to oneself does not end the process at once.
  assert.deepEqual(proc.calls, ['kill 4242 SIGTERM (listeners: 0)', 'exit 143']);
});

test('exitProcess: a plain exit with the code while no keychain call is out', () => {
  const proc = new FakeProcess();
  const stderr: string[] = [];
  exitProcess(0, 'SIGINT', { proc, stderr: (t) => void stderr.push(t), callsInFlight: () => 0 });
  assert.deepEqual(proc.calls, ['exit 0']);
  assert.deepEqual(stderr, []);
});

test('exitProcess: with a keychain call out, says so and ends by the signal instead of waiting for it', () => {
  const proc = new FakeProcess();
  const stderr: string[] = [];
  exitProcess(0, 'SIGINT', { proc, stderr: (t) => void stderr.push(t), callsInFlight: () => 1 });
  assert.equal(proc.calls[0], 'kill 4242 SIGINT (listeners: 0)');
  assert.deepEqual(stderr, ['headroom: the keychain has not answered; ending without waiting for it\n']);
});
