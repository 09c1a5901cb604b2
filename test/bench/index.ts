/**
 * `npm run bench [-- --json] [name…]`: runs every test/bench/*.bench.ts (each exports
 * `run(): Promise<Record<string, number>>`) and prints its figures; with --json, one JSON object.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Bench = { run: () => Promise<Record<string, number>> };

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const figures: Record<string, number> = {};
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as Bench;
  const started = Date.now();
  const result = await mod.run();
  Object.assign(figures, result);
  if (!json) {
    console.log(`${file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const [name, value] of Object.entries(result)) console.log(`  ${name.padEnd(30)} ${Number.isInteger(value) ? value : value.toFixed(3)}`);
  }
}
if (json) console.log(JSON.stringify(figures, null, 2));
