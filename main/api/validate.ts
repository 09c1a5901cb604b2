/**
 * Checks every argument of every HeadroomApi call before it reaches the core, against the schemas
 * of main/model. Used where calls come from outside main's own code: the Electron IPC layer and the
 * browser preview server. A malformed call throws ApiError('invalid-argument') naming the method,
 * the argument and every problem (also by field, for forms), and changes nothing.
 */
import * as v from 'valibot';
import { accountIdSchema, accountInputSchema, accountPatchSchema, testTargetSchema } from '../model/account.ts';
import { problemsByField, problemsOf, problemText } from '../model/check.ts';
import { ApiError } from '../model/errors.ts';
import { RANGE_KEYS } from '../model/history.ts';
import { LIMITS } from '../model/limits.ts';
import { oneOf, wholeNumber, exactObject, flag } from '../model/rules.ts';
import { settingsPatchSchema } from '../model/settings.ts';
import type { ApiMethod } from './contract.ts';

interface Param {
  name: string;
  schema: v.GenericSchema;
  optional?: boolean;
}

const p = (name: string, schema: v.GenericSchema, optional = false): Param => ({ name, schema, optional });

const id = accountIdSchema;
const range = oneOf(RANGE_KEYS);
const epochMs = wholeNumber(1, 8.64e15);

/** Parameters of every method, in order. */
const PARAMS: Record<ApiMethod, Param[]> = {
  getState: [],
  listProviders: [],
  listAccounts: [],
  addAccount: [p('input', accountInputSchema)],
  updateAccount: [p('id', id), p('patch', accountPatchSchema)],
  removeAccount: [p('id', id), p('options', exactObject({ deleteHistory: flag }))],
  testConnection: [p('target', testTargetSchema)],
  setEnabled: [p('id', id), p('enabled', flag)],
  refreshNow: [p('id', id, true)],
  retryAccount: [p('id', id)],
  pauseAll: [p('minutes', v.nullable(wholeNumber(1, LIMITS.maxPauseMinutes)))],
  resume: [],
  getHistory: [p('id', id), p('range', range)],
  getStats: [p('id', id), p('range', range)],
  getForecast: [p('id', id)],
  exportCsv: [p('id', id), p('range', range)],
  getAlertLog: [p('id', id, true)],
  snooze: [p('id', id), p('until', v.nullable(epochMs))],
  sendTestNotification: [],
  getSettings: [],
  updateSettings: [p('patch', settingsPatchSchema)],
  getNotices: [],
  noticeSeen: [p('id', id)],
  startDemo: [],
};

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(PARAMS, name);
}

function checkParam(method: ApiMethod, param: Param, index: number, value: unknown): void {
  const where = `argument ${index + 1} (${param.name})`;
  if (value === undefined) {
    if (param.optional) return;
    throw new ApiError('invalid-argument', `${method}: ${where} is required`);
  }
  const problems = problemsOf(param.schema, value);
  if (problems.length === 0) return;
  const text = problems.map((problem) => problemText(problem, where)).join('; ');
  throw new ApiError('invalid-argument', `${method}: ${text}`, problemsByField(problems));
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
  params.forEach((param, index) => checkParam(method, param, index, args[index]));
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}
