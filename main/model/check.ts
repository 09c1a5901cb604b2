/**
 * Running a schema and saying what is wrong in words: every problem at once, each with the dotted
 * path of its field ("alerts.warnPct") so forms can show it at the field and the API can name it.
 */
import * as v from 'valibot';
import { ApiError } from './errors.ts';

export interface Problem {
  /** Dotted path inside the checked value, '' for the value itself. */
  path: string;
  /** For people: "must be a whole number from 10 to 86400". */
  message: string;
}

/** Every problem of the value against the schema; [] when it is valid. */
export function problemsOf(schema: v.GenericSchema, value: unknown): Problem[] {
  const result = v.safeParse(schema, value, { abortEarly: false, abortPipeEarly: true });
  if (result.success) return [];
  return result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? '';
    // An unknown key is a problem of the object holding it: "alerts has an unknown key 'x'".
    const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
    return { path: unknownKey ? path.split('.').slice(0, -1).join('.') : path, message: issue.message };
  });
}

/** "alerts.warnPct must be below the critical level", or the message alone for the value itself. */
export function problemText(p: Problem, prefix = ''): string {
  const where = [prefix, p.path].filter(Boolean).join('.');
  return where ? `${where} ${p.message}` : p.message;
}

/** Problems by field path, first one per field: what a form shows beside each field. */
export function problemsByField(problems: readonly Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.path] ??= p.message;
  return out;
}

/** Every problem in one line ("label must not be empty; baseUrl must be …"), or null when valid. */
export function problemLine(schema: v.GenericSchema, value: unknown, prefix = ''): string | null {
  const problems = problemsOf(schema, value);
  return problems.length ? problems.map((p) => problemText(p, prefix)).join('; ') : null;
}

/** The value when valid, else ApiError('invalid-argument') with every problem, also by field. */
export function assertValid<S extends v.GenericSchema>(schema: S, value: unknown, prefix = ''): v.InferOutput<S> {
  const problems = problemsOf(schema, value);
  if (problems.length) throw new ApiError('invalid-argument', problems.map((p) => problemText(p, prefix)).join('; '), problemsByField(problems));
  return value as v.InferOutput<S>;
}
