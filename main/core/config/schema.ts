/**
 * The shape of config.json, from the schemas in main/model: the store checks the file against it
 * when it reads it (a hand edit that breaks it is not taken) and before it writes (a bug here can't
 * save a file the next start would have to repair). repair.ts restores what it can of a file that
 * fails it, before the store opens it.
 *
 * The check is valibot's, not conf's: conf (and electron-store) would compile a JSON schema with
 * ajv, which cost about 13 MB of memory and 180 ms at every start (measured with the bundled code),
 * to check the same thing less fully (JSON Schema can't say "warn below critical").
 */
import * as v from 'valibot';
import { accountSchema } from '../../model/account.ts';
import { problemLine } from '../../model/check.ts';
import { settingsSchema } from '../../model/settings.ts';

const configFileSchema = v.object({
  configVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  settings: settingsSchema,
  accounts: v.array(accountSchema),
});

/** config.json as it is on disk (repair.ts writes it, the store reads it). */
export type ConfigFile = v.InferOutput<typeof configFileSchema>;

/** Thrown for a file (read) or a change (to be written) that does not fit the shape. */
export class ConfigShapeError extends Error {
  override readonly name = 'ConfigShapeError';
}

/** The data when it fits, else ConfigShapeError saying what is wrong, field by field. */
export function checkConfigFile(data: unknown, what: string): ConfigFile {
  const problem = problemLine(configFileSchema, data);
  if (problem) throw new ConfigShapeError(`${what}: ${problem}`);
  return data as ConfigFile;
}
