import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
/** The thin Electron shell: the only places allowed to import electron. */
const SHELL = [/^main\/shell\//, /^main\/preload\//];
const IMPORTS_ELECTRON = /(?:from\s+['"]electron(?:\/[^'"]*)?['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

/** Modules outside the shell whose source matches the import pattern. */
function importersOutsideShell(pattern: RegExp): string[] {
  return [...sources(join(root, 'main')), ...sources(join(root, 'renderer'))]
    .map((p) => relative(root, p).split('\\').join('/'))
    .filter((p) => !SHELL.some((re) => re.test(p)))
    .filter((p) => pattern.test(readFileSync(join(root, p), 'utf8')));
}

test('no module outside the shell imports electron', () => {
  assert.deepEqual(importersOutsideShell(IMPORTS_ELECTRON), []);
});

/** electron-store loads electron itself: the core uses conf with the same file instead. */
const IMPORTS_ELECTRON_STORE = /(?:from\s+['"]electron-store['"]|require\(\s*['"]electron-store['"]\s*\)|import\(\s*['"]electron-store['"]\s*\))/;

test('no module outside the shell imports electron-store', () => {
  assert.deepEqual(importersOutsideShell(IMPORTS_ELECTRON_STORE), []);
});

test('the renderer imports nothing from Node or the core beyond types and pure helpers', () => {
  const offenders = sources(join(root, 'renderer'))
    .filter((p) => /from\s+['"]node:/.test(readFileSync(p, 'utf8')))
    .map((p) => relative(root, p));
  assert.deepEqual(offenders, []);
});

test('the detector itself catches each import form', () => {
  for (const line of [`import { app } from 'electron';`, `const e = require("electron")`, `await import('electron')`, `import type { Tray } from 'electron/main'`]) {
    assert.match(line, IMPORTS_ELECTRON);
  }
  assert.doesNotMatch(`import x from 'electron-store'`, IMPORTS_ELECTRON);
});
