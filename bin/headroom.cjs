#!/usr/bin/env node
// The headroom command line: runs the built CLI (npm install builds it through "prepare").
const { join } = require('node:path');
const { existsSync } = require('node:fs');

const built = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(built)) {
  console.error('headroom: dist/cli.cjs is missing; run `npm install` or `npm run build` first');
  process.exit(70);
}
require(built)
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((err) => { console.error(`headroom: internal error: ${err && err.message ? err.message : err}`); process.exitCode = 70; });
