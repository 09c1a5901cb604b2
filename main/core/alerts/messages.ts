/**
 * The wording of every alert: title "Headroom", a body naming the account, its provider, the
 * current/limit numbers and the percentage.
 */
import type { Account } from '../../model/account.ts';
import type { ProviderError } from '../../model/errors.ts';
import { getProvider } from '../providers/registry.ts';
import type { Snapshot } from '../../model/provider.ts';
import { usageText, wholePercent } from '../../model/usage.ts';
import { describeForecast, type Forecast } from '../../model/forecast.ts';

export const ALERT_TITLE = 'Headroom';

export type LevelName = 'warn' | 'critical' | 'limit';

/** "prod (Retell AI)" */
export function who(account: Account): string {
  return `${account.label} (${getProvider(account.provider).displayName})`;
}

function numbers(s: Snapshot): string {
  return usageText(s, { unit: 'concurrent calls', percent: false });
}

function burstCapable(s: Snapshot): boolean {
  return s.extras.provider === 'retell' && s.extras.burstEnabled === true;
}

export function levelBody(level: LevelName, account: Account, s: Snapshot, pct: number, repeat: boolean): string {
  const still = repeat ? 'still ' : '';
  const shown = `${wholePercent(pct / 100)}%`;
  if (level === 'limit') {
    const consequence = burstCapable(s) ? 'Calls above it run in burst at a surcharge.' : 'New calls may be refused.';
    return `${who(account)} is ${still}at its limit: ${numbers(s)} (${shown}). ${consequence}`;
  }
  if (level === 'critical') return `${who(account)} is ${still}critical at ${shown}: ${numbers(s)}.`;
  return `${who(account)} is running high at ${shown}: ${numbers(s)}.`;
}

export function recoveredBody(account: Account, s: Snapshot, pct: number): string {
  return `${who(account)} is back to ${wholePercent(pct / 100)}%: ${numbers(s)}.`;
}

export function burstBody(account: Account, s: Snapshot): string {
  return `${who(account)} is in burst: ${s.current} calls, above its limit of ${s.limit}. Calls above the limit cost a surcharge.`;
}

export function authBody(account: Account): string {
  return `${who(account)}: credentials rejected. Edit the account to enter new ones.`;
}

export function unreachableBody(account: Account, minutes: number, err: ProviderError): string {
  return `${who(account)} has been unreachable for ${minutes} min: ${err.message}`;
}

export function reachableBody(account: Account): string {
  return `${who(account)} is reachable again.`;
}

export const TEST_BODY = 'Test notification: alerts from Headroom will look like this.';

export function forecastBody(account: Account, forecast: Forecast): string {
  return `${who(account)}: ${describeForecast(forecast)}`;
}
