import { PROVIDER_IDS, getProvider, isProviderId } from '../../core/providers/registry.ts';
import type { Credentials, ProviderId, Snapshot } from '../../model/provider.ts';
import { usageText } from '../../model/usage.ts';
import { rememberSecret } from '../../core/log/logger.ts';
import { baseUrlSchema } from '../../model/account.ts';
import { problemsOf } from '../../model/check.ts';
import { parseArguments, UsageError } from '../arguments.ts';
import { EXIT, EXIT_CODE_TABLE } from '../exit-codes.ts';
import { guarded } from '../failures.ts';
import type { CliCommand } from '../types.ts';

/** Environment variable per credential field, for each provider. */
export const PROBE_ENV: Record<ProviderId, Record<string, string>> = {
  retell: { apiKey: 'RETELL_API_KEY' },
  vobiz: { authId: 'VOBIZ_AUTH_ID', authToken: 'VOBIZ_AUTH_TOKEN' },
  puretalk: { apiKey: 'PURETALK_API_KEY' },
  ultravox: { apiKey: 'ULTRAVOX_API_KEY' },
};

const HELP = `usage: headroom probe <${PROVIDER_IDS.join('|')}> [--base-url URL] [--json]

One concurrency fetch with credentials from the environment, printed as one line
(or one JSON object with --json). Nothing is saved.

environment:
${PROVIDER_IDS.map((p) => `  ${p.padEnd(9)} ${Object.values(PROBE_ENV[p]).join(' + ')}`).join('\n')}

${EXIT_CODE_TABLE}`;

function credentialsFromEnv(provider: ProviderId, env: NodeJS.ProcessEnv): Credentials {
  const creds: Credentials = {};
  const missing: string[] = [];
  for (const [field, variable] of Object.entries(PROBE_ENV[provider])) {
    const value = env[variable]?.trim();
    if (value) {
      creds[field] = value;
      rememberSecret(value);
    } else missing.push(variable);
  }
  if (missing.length) throw new UsageError(`set ${missing.join(' and ')} in the environment`);
  return creds;
}

/** The same rule as an account's base URL: a malformed one is a usage error (64), not a network failure. */
function checkBaseUrl(baseUrl: string): void {
  const problem = problemsOf(baseUrlSchema, baseUrl)[0];
  if (problem) throw new UsageError(`--base-url ${problem.message}`);
}

export function formatSnapshotLine(displayName: string, s: Snapshot): string {
  const burst = s.extras.provider === 'retell' && s.extras.inBurst ? ', in burst' : '';
  return `${displayName}: ${usageText(s, { spaced: true, unit: 'concurrent calls' })}${burst}`;
}

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'fetch one provider\'s concurrency with credentials from the environment',
  help: HELP,
  run: (args, io) =>
    guarded('probe', io, async () => {
      const { values, positionals } = parseArguments(args, { 'base-url': { type: 'string' }, json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError(`name one provider: ${PROVIDER_IDS.join(', ')}`);
      const [provider] = positionals;
      if (!isProviderId(provider)) throw new UsageError(`unknown provider '${provider}' (one of ${PROVIDER_IDS.join(', ')})`);
      const adapter = getProvider(provider);
      const credentials = credentialsFromEnv(provider, io.env);
      const baseUrl = values['base-url'];
      if (baseUrl !== undefined) checkBaseUrl(baseUrl);
      const s = await adapter.fetch(credentials, { baseUrl });
      if (values.json) io.stdout(JSON.stringify({ provider, current: s.current, limit: s.limit, utilization: s.utilization, sampledAt: new Date(s.sampledAt).toISOString(), extras: s.extras }) + '\n');
      else io.stdout(formatSnapshotLine(adapter.displayName, s) + '\n');
      return EXIT.ok;
    }),
};
