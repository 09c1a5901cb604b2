/**
 * The import rules ARCHITECTURE.md states, enforced: each folder imports only from the folders
 * listed for it (and from itself). A new folder must be given its rule here.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

/** Small modules at the root of main/core every core folder may use: identity, paths, version, an emitter. */
const CORE_LEAVES = ['main/core/paths.ts', 'main/core/version.ts', 'main/core/events.ts', 'main/core/test-overrides.ts'];
/** The log: any part of the core (and above) may write to it; it imports only the model. */
const LOG = 'main/core/log';
const MODEL = 'main/model';
const CONTRACT = 'main/api/contract.ts';

/** Folder (or root-of-core leaf) -> what it may import besides itself. Lowest floors first. */
const MAY_IMPORT: Record<string, string[]> = {
  [MODEL]: [],
  'main/core/leaves': [MODEL, LOG],
  [LOG]: [MODEL],
  'main/core/http': [MODEL, ...CORE_LEAVES],
  'main/core/providers': [MODEL, 'main/core/http', ...CORE_LEAVES],
  'main/core/notices': [MODEL],
  'main/core/config': [MODEL, 'main/core/notices', ...CORE_LEAVES],
  'main/core/secrets': [MODEL, ...CORE_LEAVES],
  'main/core/history': [MODEL, 'main/core/providers', ...CORE_LEAVES],
  'main/core/state': [MODEL],
  'main/core/icon': [MODEL],
  'main/core/accounts': [MODEL, 'main/core/providers', 'main/core/config', 'main/core/secrets', ...CORE_LEAVES],
  'main/core/alerts': [MODEL, 'main/core/providers', 'main/core/notices', ...CORE_LEAVES],
  'main/core/poller': [MODEL, 'main/core/state', ...CORE_LEAVES],
  'main/core/tray': [MODEL, 'main/core/icon'],
  'main/core/simulator': [MODEL, 'main/core/providers'],
  'main/core/metrics': [MODEL, 'main/core/state', ...CORE_LEAVES],
  'main/core/forecast': [MODEL, 'main/core/history', 'main/core/alerts'],
  /** The composition root (createCore and its API implementation) implements the contract's types. */
  'main/core': [MODEL, 'main/core/*', CONTRACT],
  'main/api': [MODEL],
  'main/cli': [MODEL, 'main/core/*', 'main/core', 'main/api'],
  'main/shell': [MODEL, 'main/core/*', 'main/core', 'main/api'],
  'main/preload': [MODEL, 'main/api'],
  renderer: [MODEL, 'main/api'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'vendor' ? [] : sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

const rel = (p: string) => relative(root, p).split('\\').join('/');

/** The rule a file falls under: its folder, a root-of-core leaf, or the composition root. */
function areaOf(file: string): string {
  if (CORE_LEAVES.includes(file)) return 'main/core/leaves';
  const sub = file.match(/^(main\/core\/[^/]+)\//);
  if (sub) return sub[1];
  const top = file.match(/^(main\/[^/]+)\//) ?? file.match(/^(renderer)\//);
  return top ? top[1] : file;
}

function allowed(from: string, target: string): boolean {
  const area = areaOf(from);
  const targetArea = areaOf(target);
  if (area === targetArea) return true;
  if (targetArea === LOG && (area.startsWith('main/') || area === 'main/core/leaves')) return area !== MODEL;
  return (MAY_IMPORT[area] ?? []).some((rule) => {
    if (rule === target) return true;
    if (rule === 'main/core/*') return /^main\/core\/[^/]+\//.test(target) || CORE_LEAVES.includes(target);
    return rule === targetArea;
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => rel(resolve(dirname(join(root, file)), m[1])));
}

const files = [...sources(join(root, 'main')), ...sources(join(root, 'renderer'))].map(rel);

test('every folder has an import rule', () => {
  const missing = [...new Set(files.map(areaOf))].filter((area) => !Object.hasOwn(MAY_IMPORT, area));
  assert.deepEqual(missing, []);
});

test('imports only run down the floors ARCHITECTURE.md lists', () => {
  const offenders = files.flatMap((file) => relativeImports(file).filter((target) => !allowed(file, target)).map((target) => `${file} -> ${target}`));
  assert.deepEqual(offenders, []);
});

test('main/model imports nothing of ours but itself, and no Node module (the renderer bundles it)', () => {
  const model = files.filter((f) => f.startsWith(`${MODEL}/`));
  const offenders = model.filter((f) => /from\s+'node:/.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the core imports only types from the API contract', () => {
  const offenders = files
    .filter((f) => areaOf(f) === 'main/core')
    .filter((f) => /^import (?!type )[^;]*from '\.\.\/api\/contract\.ts'/m.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the checker itself: a forbidden import is caught, an allowed one passes', () => {
  assert.equal(allowed('main/model/state.ts', 'main/core/poller/poller.ts'), false);
  assert.equal(allowed('main/core/poller/poller.ts', 'main/core/alerts/rules.ts'), false);
  assert.equal(allowed('renderer/src/views/account.ts', 'main/core/state/store.ts'), false);
  assert.equal(allowed('main/core/poller/poller.ts', 'main/core/state/store.ts'), true);
  assert.equal(allowed('main/core/app-core.ts', 'main/api/contract.ts'), true);
  assert.equal(allowed('main/core/app-core.ts', 'main/api/validate.ts'), false);
  assert.equal(allowed('main/shell/tray.ts', 'main/core/tray/model.ts'), true);
});
