// One fast build for the Electron main process, the preload, the renderer and the CLI.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAsciiBundle, nodeBundleOptions } from './node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const watch = process.argv.includes('--watch');
const { version } = JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { __HEADROOM_VERSION__: JSON.stringify(version) },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'renderer'), { recursive: true });

const started = Date.now();
await Promise.all([
  build({ ...common, ...nodeBundleOptions, entryPoints: [join(root, 'main/shell/main.ts')], outfile: join(out, 'main.cjs') }),
  build({ ...common, ...nodeBundleOptions, entryPoints: [join(root, 'main/preload/preload.ts')], outfile: join(out, 'preload.cjs'), external: ['electron'] }),
  build({ ...common, ...nodeBundleOptions, entryPoints: [join(root, 'main/cli/index.ts')], outfile: join(out, 'cli.cjs') }),
  build({ ...common, bundle: true, entryPoints: [join(root, 'renderer/src/main.ts')], outfile: join(out, 'renderer/app.js'), platform: 'browser', format: 'iife', target: 'chrome120', loader: { '.css': 'css' } }),
]);
for (const bundle of ['main.cjs', 'preload.cjs', 'cli.cjs']) assertAsciiBundle(join(out, bundle));
cpSync(join(root, 'renderer/index.html'), join(out, 'renderer/index.html'));
cpSync(join(root, 'renderer/styles.css'), join(out, 'renderer/styles.css'));
cpSync(join(root, 'assets'), join(out, 'assets'), { recursive: true });
if (!watch) console.log(`build: dist/ in ${Date.now() - started} ms`);
