/**
 * How the Node bundles are made (scripts/node-bundle.mjs): conf runs without the ajv and semver it
 * would load for options Headroom never passes, says so if one is ever passed, and a bundle that
 * would keep its source at two bytes per character is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { assertAsciiBundle, nodeBundleOptions } from '../../scripts/node-bundle.mjs';
import { tempDir } from '../helpers/core.ts';

/** Bundles `source` (which may import conf) as the app and the CLI are bundled, runs it, and returns what it printed. */
async function runBundled(source: string): Promise<{ status: number | null; stdout: string; stderr: string; text: string }> {
  const dir = tempDir('headroom-node-bundle-');
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, source);
  const outfile = join(dir, 'entry.cjs');
  await build({ ...nodeBundleOptions, entryPoints: [entry], outfile, nodePaths: [join(import.meta.dirname, '..', '..', 'node_modules')], logLevel: 'silent' });
  const run = spawnSync(process.execPath, [outfile, dir], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, text: readFileSync(outfile, 'utf8') };
}

test('conf in the bundle stores and reads without ajv or semver, which are not in it', async () => {
  const r = await runBundled(`
    import Conf from 'conf';
    const store = new Conf({ cwd: process.argv[2], configName: 'c', projectSuffix: '', defaults: { n: 1 } });
    store.set('n', 2);
    console.log(JSON.stringify(new Conf({ cwd: process.argv[2], configName: 'c', projectSuffix: '' }).store));
  `);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { n: 2 });
  assert.doesNotMatch(r.text, /node_modules\/(ajv|ajv-formats|semver)\//, 'left out of the bundle');
});

test("conf's schema and migrations options throw in the bundle, saying why", async () => {
  for (const options of ["schema: { n: { type: 'number' } }", "projectVersion: '1.0.0', migrations: { '1.0.0': () => {} }"]) {
    const r = await runBundled(`
      import Conf from 'conf';
      try {
        new Conf({ cwd: process.argv[2], configName: 'c', projectSuffix: '', ${options} });
        console.log('constructed');
      } catch (err) {
        console.log(err.message);
      }
    `);
    assert.match(r.stdout, /schema and migrations options are not supported in this build/, options);
  }
});

test('a bundle with a non-ASCII character is refused, with its line', () => {
  const dir = tempDir('headroom-node-bundle-');
  const ascii = join(dir, 'ascii.cjs');
  writeFileSync(ascii, 'const a = "\\u2026";\n');
  assertAsciiBundle(ascii);
  const wide = join(dir, 'wide.cjs');
  writeFileSync(wide, 'const a = 1;\nconst b = /\u2026+/;\n');
  assert.throws(() => assertAsciiBundle(wide), /wide\.cjs:2: a non-ASCII character/);
});
