// electron-builder.yml: valid for electron-builder's own schema, and saying what the issue asks.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  directories: { output: string };
  mac: { category: string; target: string[]; icon: string; extendInfo: Record<string, unknown> };
  win: { target: string[]; icon: string };
  linux: { target: string[]; category: string; icon: string };
  asar?: boolean;
  electronFuses: Record<string, boolean>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]));
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

test('electron-builder accepts the configuration', async () => {
  await validateConfiguration(config, new DebugLogger(false));
});

test('identity, targets, menu-bar app on macOS, output in release/, only built output packed', () => {
  assert.equal(config.appId, 'ai.headroom.app');
  assert.equal(config.productName, 'Headroom');
  assert.deepEqual(config.files, ['dist/**', 'package.json']);
  assert.equal(config.directories.output, 'release');
  assert.equal(config.mac.category, 'public.app-category.utilities');
  assert.deepEqual(config.mac.target, ['dmg', 'zip']);
  assert.equal(config.mac.extendInfo.LSUIElement, true);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.equal(config.linux.category, 'Utility');
  for (const icon of [config.mac.icon, config.win.icon, config.linux.icon]) assert.ok(existsSync(join(root, icon)), icon);
});

test("keytar's native module and node-notifier's vendored binaries stay outside the asar", () => {
  assert.ok(config.asarUnpack.includes('node_modules/keytar/**'));
  assert.ok(config.asarUnpack.includes('node_modules/node-notifier/vendor/**'));
  assert.ok(existsSync(join(root, 'node_modules/keytar/build/Release/keytar.node')), 'the unpacked path matches where keytar builds');
  assert.ok(existsSync(join(root, 'node_modules/node-notifier/vendor')), 'the unpacked path matches node-notifier\'s vendor dir');
});

test('fuses: no running as Node, no NODE_OPTIONS, no --inspect, the app only from an integrity-checked asar', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.notEqual(config.asar, false, 'onlyLoadAppFromAsar needs the app packed in an asar');
  // Nothing in the app relies on what the fuses take away.
  const sources = ['main/shell', 'main/core', 'main/cli'].flatMap((d) => listFiles(join(root, d)));
  for (const f of sources) assert.doesNotMatch(readFileSync(f, 'utf8'), /ELECTRON_RUN_AS_NODE|NODE_OPTIONS|--inspect/, f);
});

test('packaging is not part of npm test', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.dist, /electron-builder/);
  assert.doesNotMatch(readFileSync(join(root, 'test', 'run.sh'), 'utf8'), /electron-builder|npm run dist/);
});
