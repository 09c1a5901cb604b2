#!/usr/bin/env node
// The headroom command line: runs the built CLI (npm install builds it through "prepare").
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const built = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(built)) {
  console.error('headroom: dist/cli.cjs is missing; run `npm install` or `npm run build` first');
  process.exit(70);
}
const cli = require(built);
const args = process.argv.slice(2);
// watch and serve run all day: restarted in place with V8 flags that suit that (main/cli/runtime-tuning.ts).
const relaunch = cli.relaunchFor(args);
if (relaunch) {
  try {
    process.execve(relaunch.file, relaunch.args, relaunch.env);
  } catch {
    // execve refused (it returns only on failure): the command runs as it is, only less frugally.
  }
}
cli
  .main(args)
  .then((code) => { process.exitCode = code; })
  .catch((err) => { console.error(`headroom: internal error: ${err && err.message ? err.message : err}`); process.exitCode = 70; });
