/**
 * The JSON schema conf / electron-store check config.json against, derived from the schemas in
 * main/model, so the file, the window's calls and config repair share one definition. Checks JSON
 * Schema can't express (threshold order, URL parsing) are left out here; repair.ts applies them
 * with the full schemas before conf opens the file.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { accountSchema } from '../../model/account.ts';
import { settingsSchema } from '../../model/settings.ts';

const configFileSchema = v.object({
  configVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  settings: settingsSchema,
  accounts: v.array(accountSchema),
});

/** conf takes the schema of each top-level key. */
export const CONFIG_SCHEMA = toJsonSchema(configFileSchema, { errorMode: 'ignore' }).properties as Record<string, unknown>;
