// How Node-side code is bundled: the Electron main process and the CLI (scripts/build.mjs), and the
// bench's core child (test/bench/core.bench.ts), which measures the core as these bundles carry it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Native or binary-carrying modules stay outside the bundle: keytar loads a .node file and
// node-notifier runs its vendored notifier binaries by path.
const NODE_EXTERNAL = ['electron', 'keytar', 'node-notifier', 'dbus-next'];

const leftOut = (name) => fileURLToPath(new URL(`./left-out/${name}.mjs`, import.meta.url));

/**
 * conf (under electron-store) imports ajv and ajv-formats for its `schema` option and semver for
 * its `migrations` option, at its top level. Headroom passes neither: config.json is checked and
 * migrated by main/core/config. Left in, the three were 40 % of the bundle and 2 MB of every
 * process's memory. Should anything pass either option, conf throws, saying so (left-out/).
 */
const ALIAS = { 'ajv/dist/2020.js': leftOut('ajv'), 'ajv-formats': leftOut('ajv-formats'), semver: leftOut('semver') };

export const nodeBundleOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: NODE_EXTERNAL, alias: ALIAS };

/**
 * Throws when a bundle holds a non-ASCII character. V8 keeps a script's source in memory, at one
 * byte per character only while every character is Latin-1: a single "…" left in a regex literal
 * (esbuild escapes strings, not regexes) doubled the 0.9 MB source to 1.8 MB in every process.
 */
export function assertAsciiBundle(file) {
  const text = readFileSync(file, 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  if (at < 0) return;
  const line = text.slice(0, at).split('\n').length;
  throw new Error(`${file}:${line}: a non-ASCII character in the bundle (write it as a \\u escape): ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
}
