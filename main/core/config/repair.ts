/**
 * Reads config.json before conf opens it (conf throws on invalid JSON or schema), migrates it,
 * keeps every readable account and setting, and when anything had to change backs the original up
 * beside itself and says so. Never a crash at start, never a silent drop of a readable account.
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Notice } from '../../model/alerts.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../model/settings.ts';
import { same } from '../../model/same.ts';
import { noticeId } from '../notices/pending.ts';
import { repairAccounts } from './account-repair.ts';
import { CONFIG_VERSION, migrate } from './migrations.ts';
import { salvageAccounts } from './salvage.ts';
import type { ConfigFile } from './schema.ts';
import { isObject, mergeSettings, settingsProblem } from './settings-merge.ts';

type Raw = Record<string, unknown>;

/** Lays the fields of `raw` over `settings` one at a time, keeping each that leaves them valid. */
function keepValidFields(settings: Settings, raw: Raw, wrap: (candidate: Raw) => Raw, where: string, problems: string[]): Settings {
  let out = settings;
  for (const [key, value] of Object.entries(raw)) {
    const candidate = mergeSettings(out, wrap({ [key]: value }));
    const problem = settingsProblem(candidate);
    if (problem) problems.push(`${problem}: ${where}${key} reset to the default`);
    else out = candidate;
  }
  return out;
}

/**
 * Every setting that is valid is kept, missing ones come from the defaults (a file from an older
 * Headroom lacks newer settings: not a problem), unknown ones are dropped, invalid ones reset.
 */
function repairSettings(raw: unknown, problems: string[]): Settings {
  if (raw === undefined) return structuredClone(DEFAULT_SETTINGS);
  if (!isObject(raw)) {
    problems.push('the settings were not readable and were reset to defaults');
    return structuredClone(DEFAULT_SETTINGS);
  }
  const known = Object.fromEntries(Object.entries(raw).filter(([key]) => Object.hasOwn(DEFAULT_SETTINGS, key)));
  const whole = mergeSettings(DEFAULT_SETTINGS, known);
  if (!settingsProblem(whole)) return whole;
  const { alerts, ...top } = known;
  let out = keepValidFields(DEFAULT_SETTINGS, top, (c) => c, '', problems);
  if (alerts === undefined) return out;
  if (!isObject(alerts)) {
    problems.push('the alert settings were not readable and were reset to defaults');
    return out;
  }
  const { quietHours, ...rules } = alerts;
  out = keepValidFields(out, rules, (c) => ({ alerts: c }), 'alerts.', problems);
  if (quietHours === undefined) return out;
  if (!isObject(quietHours)) {
    problems.push('the quiet hours were not readable and were reset to defaults');
    return out;
  }
  return keepValidFields(out, quietHours, (c) => ({ alerts: { quietHours: c } }), 'alerts.quietHours.', problems);
}

function backup(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const target = join(dirname(path), `${basename(path, '.json')}.corrupt-${stamp}.json`);
  copyFileSync(path, target);
  return target;
}

function writeAtomic(path: string, data: ConfigFile): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, '\t'), { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * The text as JSON.parse wants it: without the UTF-8 byte order mark some editors write (harmless:
 * dropped silently), and without the NUL bytes an interrupted write can leave at the end (said).
 */
function cleanText(raw: string, problems: string[]): string {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const tail = /[\s\u0000]*\u0000[\s\u0000]*$/.exec(text);
  if (!tail) return text;
  const nuls = tail[0].split('\u0000').length - 1;
  problems.push(`it ended in ${nuls} NUL byte${nuls === 1 ? '' : 's'}, as an interrupted write leaves, which were removed`);
  return text.slice(0, tail.index);
}

/** The file as an object to migrate; when it is not JSON any more, the complete accounts read out of it. */
function parse(text: string, problems: string[]): Raw {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push('the file is not valid JSON');
    return { configVersion: CONFIG_VERSION, accounts: salvageAccounts(text) };
  }
  if (isObject(parsed)) return parsed;
  problems.push('the file does not hold an object');
  return {};
}

/** Makes config.json readable for conf; returns notices for the user about anything repaired. */
export function repairConfigFile(path: string, now: number = Date.now()): Notice[] {
  if (!existsSync(path)) return [];
  const problems: string[] = [];
  const originalText = readFileSync(path, 'utf8');
  const text = cleanText(originalText, problems);
  const original = parse(text, problems);
  const { raw, from } = migrate(original);
  if (from > CONFIG_VERSION) problems.push(`the file is from a newer Headroom (config version ${from})`);
  const repaired: ConfigFile = {
    configVersion: CONFIG_VERSION,
    settings: repairSettings(raw.settings, problems),
    accounts: repairAccounts(raw.accounts, new Date(now).toISOString(), problems),
  };
  if (problems.length === 0) {
    // Migrated, settings filled in from the defaults, or a byte order mark read past (conf can't
    // parse one): conf checks the whole file against the schema, so it gets what was checked here.
    if (text !== originalText || !same(original, repaired)) writeAtomic(path, repaired);
    return [];
  }
  const saved = backup(path, now);
  writeAtomic(path, repaired);
  const kept = repaired.accounts.length;
  return [
    {
      id: noticeId('config-repaired', now),
      level: 'warn',
      message: `Your settings file had problems (${problems.join('; ')}). The original was backed up to ${saved}; Headroom kept ${kept} account${kept === 1 ? '' : 's'} and uses defaults for the rest.`,
    },
  ];
}
