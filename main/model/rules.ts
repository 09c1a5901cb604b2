/**
 * Building blocks of Headroom's schemas, each with its message in a person's words. Every shape in
 * main/model is made of these, so a rule and its wording exist once.
 */
import * as v from 'valibot';

/** Letters, digits and ._:- only: ids reach file names and keychain entries. */
const ID_PATTERN = /^[A-Za-z0-9._:-]+$/;
const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
/**
 * What a label may not hold: controls (C0, DEL, C1 with the 8-bit CSI), bidi marks, embeddings and
 * isolates (which reorder a terminal line or a menu), line separators and lone surrogates. Other
 * format characters stay allowed: emoji need the zero-width joiner.
 */
const UNSAFE_IN_LABEL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\p{Zl}\p{Zp}\p{Cs}]/u;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : typeof value;
}

const got = (issue: v.BaseIssue<unknown>) => describe(issue.input);

/** "must be a whole number between 10 and 86400"; a number of the wrong size is told only the range. */
function numeric(min: number, max: number, kind: string, extra: v.PipeItem<number, number, v.BaseIssue<unknown>>) {
  const between = `between ${min} and ${max}`;
  const typeMessage = (i: v.BaseIssue<unknown>) => `must be ${kind} ${between}${typeof i.input === 'number' ? '' : `, not ${got(i)}`}`;
  return v.pipe(v.number(typeMessage), extra, v.minValue(min, `must be ${between}`), v.maxValue(max, `must be ${between}`));
}

export function wholeNumber(min: number, max: number) {
  return numeric(min, max, 'a whole number', v.integer(`must be a whole number between ${min} and ${max}`));
}

export function numberIn(min: number, max: number) {
  return numeric(min, max, 'a number', v.finite(`must be a number between ${min} and ${max}`));
}

export function text(min: number, max: number) {
  return v.pipe(
    v.string((i) => `must be text, not ${got(i)}`),
    v.minLength(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters long`),
    v.maxLength(max, `must be at most ${max} characters long`),
  );
}

export const flag = v.boolean((i) => `must be true or false, not ${got(i)}`);

export function oneOf<const T extends readonly string[]>(options: T) {
  return v.picklist(options, `must be one of ${options.map((o) => `'${o}'`).join(', ')}`);
}

export function idText(maxLength: number) {
  return v.pipe(text(1, maxLength), v.regex(ID_PATTERN, 'may only hold letters, digits and . _ : -'));
}

export function labelText(maxLength: number) {
  return v.pipe(
    text(1, maxLength),
    v.check((s) => s.trim() !== '', 'must not be blank'),
    v.check((s) => !UNSAFE_IN_LABEL.test(s), 'must not contain control characters or bidi marks'),
  );
}

export const timeOfDay = v.pipe(v.string((i) => `must be a time "HH:MM", not ${got(i)}`), v.regex(HH_MM, 'must be a time "HH:MM" (00:00 to 23:59)'));

export function httpUrl(maxLength: number) {
  return v.pipe(
    text(1, maxLength),
    v.check((s) => URL.canParse(s), 'must be an absolute URL such as https://api.example.com'),
    v.check((s) => !URL.canParse(s) || ['http:', 'https:'].includes(new URL(s).protocol), 'must be an http or https URL'),
    v.check((s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password), 'must not contain a user name or password'),
  );
}

/** Field values by field name (secret ones included, only ever inside main). */
export function fieldValues(limits: { fieldCount: number; fieldNameLength: number; fieldValueLength: number }) {
  return v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(limits.fieldNameLength, 'is not a valid field name'), v.regex(FIELD_NAME_PATTERN, 'is not a valid field name')),
      text(0, limits.fieldValueLength),
      (i) => `must be an object of field values, not ${got(i)}`,
    ),
    v.check((o) => Object.keys(o).length <= limits.fieldCount, `must have at most ${limits.fieldCount} fields`),
  );
}

/** An object with exactly these keys, each optional key may be missing or undefined; nothing else. */
export function exactObject<E extends v.ObjectEntries>(entries: E) {
  return v.strictObject(entries, (i) => (i.expected === 'never' ? `has an unknown key '${String(i.received).replace(/^"|"$/g, '').slice(0, 80)}'` : `must be an object, not ${got(i)}`));
}
