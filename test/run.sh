#!/usr/bin/env bash
# The one test command (npm test): type-check, lint, build, unit and integration tests in plain
# Node inside a throwaway D-Bus session with an unlocked gnome-keyring, renderer tests in Debian's
# Chromium, and Electron end-to-end tests where an Electron binary exists.
#
# Every stage runs even when an earlier one failed (a type error must not hide the browser results);
# the end prints one line per stage (passed, failed or skipped, and how long it took) and the exit
# status is non-zero when any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# A stage that has nothing to run (no Electron binary) exits with this status to say "skipped"
# (asked for through HEADROOM_TEST_SKIP_STATUS by that stage alone).
skip_status=77

# A throwaway HOME and data dir so no test touches a real keyring or real config.
scratch=$(mktemp -d -t headroom-test.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
export HEADROOM_DATA_DIR="$scratch/data" HEADROOM_TEST=1
mkdir -p "$HOME" "$XDG_DATA_HOME"

have_keyring() { command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; }

# Runs "$@" inside a throwaway D-Bus session with an unlocked gnome-keyring, when both exist.
with_keyring() {
  if have_keyring; then
    dbus-run-session -- bash -c 'printf headroom | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' _ "$@"
  else
    "$@"
  fi
}

summary=()
failed=0

# Seconds since the epoch with a fraction where the shell has it (bash 5), whole seconds otherwise.
clock() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi; }

# stage <name> <command...>: runs the command, records its outcome and duration, never stops the run.
stage() {
  local name=$1
  shift
  printf '\n== %s\n' "$name"
  local start
  start=$(clock)
  "$@"
  local status=$?
  local seconds
  seconds=$(awk -v a="$start" -v b="$(clock)" 'BEGIN { printf "%.1f", b - a }')
  local outcome=passed
  if [ "$status" -eq "$skip_status" ]; then
    outcome=skipped
  elif [ "$status" -ne 0 ]; then
    outcome="failed (exit $status)"
    failed=1
  fi
  summary+=("$(printf '%-34s %-16s %7s s' "$name" "$outcome" "$seconds")")
}

mapfile -t unit_files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
unit_tests() {
  have_keyring || echo "warning: dbus-run-session or gnome-keyring-daemon missing: keychain tests will report the keychain as unavailable"
  with_keyring node --import tsx --test --test-concurrency=2 --test-reporter=spec "${unit_files[@]}"
}

stage "typecheck" npx tsc -p tsconfig.json --noEmit
stage "lint" npx eslint .
stage "build" node scripts/build.mjs
stage "unit + integration (${#unit_files[@]} files)" unit_tests
stage "browser (Chromium, Playwright)" with_keyring npx playwright test --config test/browser/playwright.config.ts
stage "electron e2e" env HEADROOM_TEST_SKIP_STATUS=$skip_status node test/e2e/run.mjs

printf '\n== summary\n'
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "npm test: FAILED"
  exit 1
fi
echo "npm test: all stages passed or were skipped"
