#!/usr/bin/env bash
# The one test command (npm test): type-check, lint, build, unit and integration tests in plain
# Node inside a throwaway D-Bus session with an unlocked gnome-keyring, renderer tests in Debian's
# Chromium, and Electron end-to-end tests where an Electron binary exists.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "typecheck"
npx tsc -p tsconfig.json --noEmit
step "lint"
npx eslint .
step "build"
node scripts/build.mjs

# A throwaway HOME and data dir so no test touches a real keyring or real config.
scratch=$(mktemp -d -t headroom-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
export HEADROOM_DATA_DIR="$scratch/data" HEADROOM_TEST=1
mkdir -p "$HOME" "$XDG_DATA_HOME"

mapfile -t unit_files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
step "unit + integration (${#unit_files[@]} files, plain Node, throwaway Secret Service)"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  dbus-run-session -- bash -c 'printf headroom | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "$@"' _ "${unit_files[@]}"
else
  echo "warning: dbus-run-session or gnome-keyring-daemon missing: keychain tests will report the keychain as unavailable"
  node --import tsx --test --test-concurrency=2 --test-reporter=spec "${unit_files[@]}"
fi

step "renderer in Chromium (Playwright, real core, throwaway Secret Service)"
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  dbus-run-session -- bash -c 'printf headroom | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec npx playwright test --config test/browser/playwright.config.ts'
else
  npx playwright test --config test/browser/playwright.config.ts
fi

step "electron e2e"
node test/e2e/run.mjs
