/**
 * Which processes bin/headroom.cjs restarts with LONG_LIVED_NODE_FLAGS, and how (the restart itself,
 * as people meet it, is in test/cli-process/watch.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relaunchFor } from '../../main/cli/index.ts';
import { LONG_LIVED_NODE_FLAGS, relaunchWithFlags, type NodeProcess } from '../../main/cli/runtime-tuning.ts';

function proc(args: string[], over: Partial<NodeProcess> = {}): NodeProcess {
  return { execPath: '/usr/bin/node', execArgv: [], argv: ['/usr/bin/node', '/opt/headroom/bin/headroom.cjs', ...args], env: { HOME: '/home/u' }, platform: 'linux', execve: () => undefined, ...over };
}

test('watch and serve are restarted with the flags: node, its own flags, ours, then the script and its arguments unchanged', () => {
  for (const args of [['watch', '--json'], ['serve', '--listen', '127.0.0.1:0', '--', '--help-is-an-argument-here']]) {
    const p = proc(args, { execArgv: ['--enable-source-maps'] });
    assert.deepEqual(relaunchFor(args, p), {
      file: '/usr/bin/node',
      args: ['/usr/bin/node', '--enable-source-maps', ...LONG_LIVED_NODE_FLAGS, '/opt/headroom/bin/headroom.cjs', ...args],
      env: p.env,
    });
  }
});

test('one-shot commands, help, unknown commands and no command run as they are', () => {
  for (const args of [['status'], ['accounts', 'list'], ['probe', 'x'], ['history', 'export', 'a'], ['watch', '--help'], ['serve', '-h'], ['nonsense'], [], ['--version']]) {
    assert.equal(relaunchFor(args, proc(args)), null, args.join(' '));
  }
});

test('a process that already has a --max-opt (ours after the restart, or the caller\'s own) is not restarted', () => {
  for (const execArgv of [[...LONG_LIVED_NODE_FLAGS], ['--max-opt=999'], ['--max-opt', '3']]) {
    assert.equal(relaunchFor(['watch'], proc(['watch'], { execArgv })), null, execArgv.join(' '));
  }
});

test('without execve (Node before 22.15) or on Windows the command runs as it is', () => {
  assert.equal(relaunchWithFlags(proc(['watch'], { execve: undefined }), true), null);
  assert.equal(relaunchWithFlags(proc(['watch'], { platform: 'win32' }), true), null);
});
