/**
 * Checks every argument of every HeadroomApi call before it reaches the core. Used by the Electron
 * IPC layer and by the browser preview server, so it stays free of Electron. A malformed call
 * throws ApiError('invalid-argument') naming the method and the argument, and changes nothing.
 */
import type { ApiMethod } from './contract.ts';
import { ApiError } from '../model/errors.ts';
import { LIMITS } from '../model/limits.ts';
import type { RangeKey } from '../model/history.ts';
import type { ProviderId } from '../model/provider.ts';
import { type BadgeMode, MIN_POLL_INTERVAL_SEC, type Theme } from '../model/settings.ts';

const PROVIDERS: Record<ProviderId, true> = { retell: true, vobiz: true, puretalk: true, ultravox: true };
const RANGES: Record<RangeKey, true> = { '1h': true, '24h': true, '7d': true, '30d': true };
const BADGE_MODES: Record<BadgeMode, true> = { worst: true, total: true, pinned: true };
const THEMES: Record<Theme, true> = { system: true, light: true, dark: true };

const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Thrown inside a checker; caught by validateArgs and reworded with the method name. */
class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

type Check = (value: unknown, path: string) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function string(min: number, max: number, pattern?: RegExp, what = 'a string'): Check {
  return (value, path) => {
    if (typeof value !== 'string') throw new Invalid(path, `must be ${what}, got ${describe(value)}`);
    if (value.length < min || value.length > max) throw new Invalid(path, `must be ${min}-${max} characters long (got ${value.length})`);
    if (pattern && !pattern.test(value)) throw new Invalid(path, `has an invalid format`);
  };
}

const id: Check = string(1, LIMITS.idLength, ID_PATTERN, 'an id string');

const label: Check = (value, path) => {
  string(1, LIMITS.labelLength)(value, path);
  const text = value as string;
  if (text.trim() === '') throw new Invalid(path, 'must not be blank');
  if (CONTROL_CHARS.test(text)) throw new Invalid(path, 'must not contain control characters');
};

const boolean: Check = (value, path) => {
  if (typeof value !== 'boolean') throw new Invalid(path, `must be true or false, got ${describe(value)}`);
};

function integer(min: number, max: number): Check {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new Invalid(path, `must be a whole number, got ${describe(value)}`);
    if (value < min || value > max) throw new Invalid(path, `must be between ${min} and ${max} (got ${value})`);
  };
}

function number(min: number, max: number): Check {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(path, `must be a finite number, got ${describe(value)}`);
    if (value < min || value > max) throw new Invalid(path, `must be between ${min} and ${max} (got ${value})`);
  };
}

function oneOf(allowed: Record<string, true>): Check {
  return (value, path) => {
    if (typeof value !== 'string' || !Object.hasOwn(allowed, value)) {
      throw new Invalid(path, `must be one of ${Object.keys(allowed).map((k) => `'${k}'`).join(', ')}`);
    }
  };
}

function nullable(check: Check): Check {
  return (value, path) => {
    if (value !== null) check(value, path);
  };
}

const httpUrl: Check = (value, path) => {
  string(1, LIMITS.urlLength)(value, path);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    throw new Invalid(path, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Invalid(path, 'must be an http or https URL');
  if (url.username || url.password) throw new Invalid(path, 'must not contain credentials');
};

const fieldValues: Check = (value, path) => {
  if (!isPlainObject(value)) throw new Invalid(path, `must be an object of field values, got ${describe(value)}`);
  const names = Object.keys(value);
  if (names.length > LIMITS.fieldCount) throw new Invalid(path, `must have at most ${LIMITS.fieldCount} fields`);
  for (const name of names) {
    if (name.length > LIMITS.fieldNameLength || !FIELD_NAME_PATTERN.test(name)) throw new Invalid(`${path}.${name.slice(0, 80)}`, 'is not a valid field name');
    string(0, LIMITS.fieldValueLength)(value[name], `${path}.${name}`);
  }
};

interface Shape {
  [key: string]: { check: Check; optional?: boolean };
}

/** An object with exactly these keys (optional ones may be missing or undefined), nothing else. */
function object(shape: Shape, extra?: (value: Record<string, unknown>, path: string) => void): Check {
  return (value, path) => {
    if (!isPlainObject(value)) throw new Invalid(path, `must be an object, got ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) throw new Invalid(path, `has an unknown key '${key.slice(0, 80)}'`);
    }
    for (const [key, rule] of Object.entries(shape)) {
      const present = Object.hasOwn(value, key) && value[key] !== undefined;
      if (!present) {
        if (!rule.optional) throw new Invalid(`${path}.${key}`, 'is required');
        continue;
      }
      rule.check(value[key], `${path}.${key}`);
    }
    extra?.(value, path);
  };
}

const req = (check: Check) => ({ check });
const opt = (check: Check) => ({ check, optional: true });

const pct = number(1, LIMITS.maxPct);
const pollInterval = integer(MIN_POLL_INTERVAL_SEC, LIMITS.maxPollIntervalSec);

/** warn < critical <= limit wherever both ends are given. */
function thresholdOrder(value: Record<string, unknown>, path: string): void {
  const { warnPct, criticalPct, limitPct } = value as { warnPct?: number; criticalPct?: number; limitPct?: number };
  if (warnPct !== undefined && criticalPct !== undefined && warnPct >= criticalPct) throw new Invalid(path, 'warnPct must be below criticalPct');
  if (criticalPct !== undefined && limitPct !== undefined && criticalPct > limitPct) throw new Invalid(path, 'criticalPct must not exceed limitPct');
}

const thresholdShape: Shape = {
  warnPct: req(pct),
  criticalPct: req(pct),
  limitPct: req(pct),
  sustainPolls: req(integer(1, LIMITS.maxSustainPolls)),
  hysteresisPct: req(number(0, LIMITS.maxHysteresisPct)),
  renotifyMin: req(integer(0, LIMITS.maxRenotifyMin)),
};

const alertOverrides: Check = object(
  Object.fromEntries(Object.entries(thresholdShape).map(([k, rule]) => [k, { ...rule, optional: true }])),
  thresholdOrder,
);

const quietHours: Check = object({
  enabled: req(boolean),
  start: req(string(5, 5, HH_MM, 'a time "HH:MM"')),
  end: req(string(5, 5, HH_MM, 'a time "HH:MM"')),
  allowCritical: req(boolean),
});

const alertSettings: Check = object(
  {
    ...thresholdShape,
    notifyRecovery: req(boolean),
    burstAlert: req(boolean),
    quietHours: req(quietHours),
  },
  thresholdOrder,
);

const settingsPatch: Check = object({
  pollIntervalSec: opt(pollInterval),
  parallelism: opt(integer(1, LIMITS.maxParallelism)),
  alerts: opt(alertSettings),
  badgeMode: opt(oneOf(BADGE_MODES)),
  pinnedAccountId: opt(nullable(id)),
  launchAtLogin: opt(boolean),
  theme: opt(oneOf(THEMES)),
});

const accountInput: Check = object({
  provider: req(oneOf(PROVIDERS)),
  label: req(label),
  fields: req(fieldValues),
  baseUrl: opt(httpUrl),
  pollIntervalSec: opt(pollInterval),
  alerts: opt(alertOverrides),
});

const accountPatch: Check = object({
  label: opt(label),
  fields: opt(fieldValues),
  baseUrl: opt(nullable(httpUrl)),
  enabled: opt(boolean),
  pollIntervalSec: opt(nullable(pollInterval)),
  alerts: opt(nullable(alertOverrides)),
});

const testTarget: Check = (value, path) => {
  if (isPlainObject(value) && Object.hasOwn(value, 'input')) return object({ input: req(accountInput) })(value, path);
  if (isPlainObject(value) && Object.hasOwn(value, 'id')) return object({ id: req(id), fields: opt(fieldValues) })(value, path);
  throw new Invalid(path, 'must be { input } or { id, fields? }');
};

const range: Check = oneOf(RANGES);
const epochMs: Check = integer(1, 8.64e15);

interface Param {
  name: string;
  check: Check;
  optional?: boolean;
}

const p = (name: string, check: Check, optional = false): Param => ({ name, check, optional });

/** Parameters of every method, in order. */
const PARAMS: Record<ApiMethod, Param[]> = {
  getState: [],
  listProviders: [],
  listAccounts: [],
  addAccount: [p('input', accountInput)],
  updateAccount: [p('id', id), p('patch', accountPatch)],
  removeAccount: [p('id', id), p('options', object({ deleteHistory: req(boolean) }))],
  testConnection: [p('target', testTarget)],
  setEnabled: [p('id', id), p('enabled', boolean)],
  refreshNow: [p('id', id, true)],
  retryAccount: [p('id', id)],
  pauseAll: [p('minutes', nullable(integer(1, LIMITS.maxPauseMinutes)))],
  resume: [],
  getHistory: [p('id', id), p('range', range)],
  getStats: [p('id', id), p('range', range)],
  exportCsv: [p('id', id), p('range', range)],
  getAlertLog: [p('id', id, true)],
  snooze: [p('id', id), p('until', nullable(epochMs))],
  sendTestNotification: [],
  getSettings: [],
  updateSettings: [p('patch', settingsPatch)],
  getNotices: [],
  noticeSeen: [p('id', id)],
  startDemo: [],
};

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(PARAMS, name);
}

/**
 * Returns the arguments to pass to the core (trailing undefined optional arguments dropped), or
 * throws ApiError('invalid-argument').
 */
export function validateArgs(method: ApiMethod, args: unknown[]): unknown[] {
  if (!isApiMethod(method)) throw new ApiError('invalid-argument', `unknown method '${String(method).slice(0, 80)}'`);
  if (!Array.isArray(args)) throw new ApiError('invalid-argument', `${method}: arguments must be an array`);
  const params = PARAMS[method];
  if (args.length > params.length) {
    throw new ApiError('invalid-argument', `${method}: takes at most ${params.length} argument(s), got ${args.length}`);
  }
  params.forEach((param, index) => {
    const value = args[index];
    const path = `argument ${index + 1} (${param.name})`;
    if (value === undefined) {
      if (param.optional) return;
      throw new ApiError('invalid-argument', `${method}: ${path} is required`);
    }
    try {
      param.check(value, path);
    } catch (err) {
      if (err instanceof Invalid) throw new ApiError('invalid-argument', `${method}: ${err.message}`);
      throw err;
    }
  });
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

/** A stored account as config.json holds it (config repair uses this to keep what is readable). */
const storedAccount: Check = object({
  id: req(id),
  provider: req(oneOf(PROVIDERS)),
  label: req(label),
  fields: req(fieldValues),
  baseUrl: opt(httpUrl),
  enabled: req(boolean),
  pollIntervalSec: opt(pollInterval),
  alerts: opt(alertOverrides),
  demo: opt(boolean),
  createdAt: req(string(1, 64)),
  updatedAt: req(string(1, 64)),
});

function problemOf(check: Check, value: unknown, what: string): string | null {
  try {
    check(value, what);
    return null;
  } catch (err) {
    if (err instanceof Invalid) return err.message;
    throw err;
  }
}

/** Why a stored account is unreadable, or null when it is fine. */
export function storedAccountProblem(value: unknown): string | null {
  return problemOf(storedAccount, value, 'account');
}

/** Why a settings patch is invalid, or null when it is fine. */
export function settingsPatchProblem(value: unknown): string | null {
  return problemOf(settingsPatch, value, 'settings');
}
