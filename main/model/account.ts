/**
 * Accounts: as stored in config.json (never a secret), as entered to add one, as a change, and as
 * the window and the CLI see them. The schemas are the one definition; types are inferred.
 */
import * as v from 'valibot';
import type { ErrorKind } from './errors.ts';
import { LIMITS } from './limits.ts';
import { PROVIDER_IDS } from './provider.ts';
import { exactObject, fieldValues, flag, httpUrl, idText, labelText, oneOf, text } from './rules.ts';
import { alertOverridesSchema, pollIntervalSchema } from './settings.ts';

export const accountIdSchema = idText(LIMITS.idLength);
const provider = oneOf(PROVIDER_IDS);
const label = labelText(LIMITS.labelLength);
/** Field values by name; in input secret ones too (sent in, never read out), in config only the rest. */
const fields = fieldValues(LIMITS);
/** An http(s) URL that overrides the provider's own (proxies, regional endpoints, tests). */
export const baseUrlSchema = httpUrl(LIMITS.urlLength);
const baseUrl = baseUrlSchema;

/** An account as persisted in config: never any secret. */
export const accountSchema = exactObject({
  /** Stable id (random UUID); also the keychain entry's account name. */
  id: accountIdSchema,
  provider,
  /** Unique (case-insensitive), chosen by the user. */
  label,
  /** Non-secret credential fields by name (e.g. Vobiz authId). */
  fields,
  /** Overrides the provider's default base URL. */
  baseUrl: v.optional(baseUrl),
  enabled: flag,
  /** Seconds; overrides the default poll interval. */
  pollIntervalSec: v.optional(pollIntervalSchema),
  alerts: v.optional(alertOverridesSchema),
  /** Simulated account of demo mode. */
  demo: v.optional(flag),
  /** ISO times */
  createdAt: text(1, 64),
  updatedAt: text(1, 64),
});

/** Input for add and for "test connection" of unsaved credentials. */
export const accountInputSchema = exactObject({
  provider,
  label,
  fields,
  baseUrl: v.optional(baseUrl),
  pollIntervalSec: v.optional(pollIntervalSchema),
  alerts: v.optional(alertOverridesSchema),
});

/** A change: undefined leaves a field alone, null removes it; a secret is replaced only by a new non-empty value. */
export const accountPatchSchema = exactObject({
  label: v.optional(label),
  fields: v.optional(fields),
  baseUrl: v.optional(v.nullable(baseUrl)),
  enabled: v.optional(flag),
  pollIntervalSec: v.optional(v.nullable(pollIntervalSchema)),
  alerts: v.optional(v.nullable(alertOverridesSchema)),
});

const inputTarget = exactObject({ input: accountInputSchema });
const savedTarget = exactObject({ id: accountIdSchema, fields: v.optional(fields) });
const neither = v.custom<never>(() => false, 'must be { input } or { id, fields? }');

/** Unsaved input (add form), or a saved account by id with optional new field values (edit form). */
export const testTargetSchema = v.lazy((input: unknown) => {
  const has = (key: string) => typeof input === 'object' && input !== null && Object.hasOwn(input, key);
  return has('input') ? inputTarget : has('id') ? savedTarget : neither;
}) as v.GenericSchema<unknown, v.InferOutput<typeof inputTarget> | v.InferOutput<typeof savedTarget>>;

export type Account = v.InferOutput<typeof accountSchema>;
export type AccountInput = v.InferOutput<typeof accountInputSchema>;
export type AccountPatch = v.InferOutput<typeof accountPatchSchema>;
export type TestTarget = v.InferOutput<typeof testTargetSchema>;

/** What the window and the CLI may see of an account. */
export interface AccountView extends Account {
  /** The keychain entry is missing: show "needs credentials", never drop the account. */
  needsCredentials: boolean;
  /** Its alerts are held back until then (epoch ms); null when not snoozed. Kept by the alert engine. */
  snoozedUntil: number | null;
}

export interface TestResult {
  ok: boolean;
  /** On success: "12 / 100 (12%)"; on failure: the error message. */
  message: string;
  errorKind?: ErrorKind;
  current?: number;
  limit?: number | null;
  utilization?: number | null;
}
