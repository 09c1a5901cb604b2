import { puretalk } from './puretalk.ts';
import { retell } from './retell.ts';
import type { ProviderAdapter } from './types.ts';
import type { ProviderId, ProviderInfo } from '../../model/provider.ts';
import { ultravox } from './ultravox.ts';
import { vobiz } from './vobiz.ts';

/** Every provider; adding one is a file beside this one and a line here (and its id in ProviderId). */
export const PROVIDERS: Record<ProviderId, ProviderAdapter> = { retell, vobiz, puretalk, ultravox };

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(x: unknown): x is ProviderId {
  return typeof x === 'string' && Object.hasOwn(PROVIDERS, x);
}

export function getProvider(id: ProviderId): ProviderAdapter {
  return PROVIDERS[id];
}

export function providerInfos(): ProviderInfo[] {
  return PROVIDER_IDS.map((id) => {
    const p = PROVIDERS[id];
    return { id, displayName: p.displayName, defaultBaseUrl: p.defaultBaseUrl, fields: p.fields, hasHistory: typeof p.history === 'function' };
  });
}

/** Field errors by field name (empty when valid). Secrets may be omitted on edit (requireSecrets false). */
export function validateFields(provider: ProviderId, fields: Record<string, string>, opts: { requireSecrets: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of PROVIDERS[provider].fields) {
    const value = (fields[f.name] ?? '').trim();
    if (!value) {
      if (f.required && (!f.secret || opts.requireSecrets)) errors[f.name] = `${f.label} is required`;
      continue;
    }
    if (value.length > 4096) errors[f.name] = `${f.label} is too long`;
    else if (/[\r\n\0]/.test(value)) errors[f.name] = `${f.label} must be a single line`;
    else if (f.pattern && !new RegExp(f.pattern).test(value)) errors[f.name] = f.patternMessage ?? `${f.label} is not valid`;
  }
  for (const name of Object.keys(fields)) {
    if (!PROVIDERS[provider].fields.some((f) => f.name === name)) errors[name] = `unknown field '${name}'`;
  }
  return errors;
}
