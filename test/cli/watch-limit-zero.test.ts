/**
 * `headroom watch` lines for a limit of 0 follow the rule (model/usage.ts). In-process with the real
 * keyring, stopped as soon as the line is printed (no fixed wait); the child-process suite for watch
 * as a long-lived program lives with the process tests.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { run } from '../../main/cli/index.ts';
import type { CliIO } from '../../main/cli/types.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { skipWithoutKeyring } from '../helpers/keyring.ts';

const skip = await skipWithoutKeyring();
const box = useSimulator();
const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs watch until a printed line matches, then interrupts it like Ctrl-C. */
async function watchUntil(args: string[], env: NodeJS.ProcessEnv, match: RegExp): Promise<{ code: number; lines: string[] }> {
  let interrupt!: () => void;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  let out = '';
  const io: CliIO = {
    stdout: (t) => {
      out += t;
      if (match.test(out)) interrupt();
    },
    stderr: () => undefined,
    env,
    readStdin: async () => '',
    isTTY: false,
    interrupted,
  };
  const code = await run(['watch', '--no-notify', ...args], io);
  return { code, lines: out.trim().split('\n') };
}

describe('headroom watch: a limit of 0', { skip }, () => {
  test('the text line and the JSON line', async () => {
    const env = { HEADROOM_DATA_DIR: dir };
    const secret = `key_watch_zero_${process.pid}`;
    box.sim.addAccount('retell', { apiKey: secret }, { current: 3, limit: 0 });
    const add = await runCli(['accounts', 'add', '--provider', 'retell', '--label', 'Zero', '--base-url', box.sim.baseUrls.retell], { env, stdin: `${secret}\n` });
    assert.equal(add.code, 0, add.stderr);
    try {
      const text = await watchUntil([], env, /Zero \(Retell AI\) .* · live$/m);
      assert.equal(text.code, 0);
      assert.match(text.lines.find((l) => / live$/.test(l))!, /^\S+ {2}Zero \(Retell AI\) {2}limit 0, no calls possible \(3 still active\) · live$/);
      const json = await watchUntil(['--json'], env, /"status":"ok"/);
      const line = JSON.parse(json.lines.find((l) => l.includes('"status":"ok"'))!);
      assert.deepEqual([line.current, line.limit, line.utilization], [3, 0, null]);
    } finally {
      await runCli(['accounts', 'remove', 'Zero', '--delete-history'], { env });
    }
  });
});
