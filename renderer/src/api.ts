// The one way the window talks to main: the typed bridge the preload (or the preview harness) puts on window.
import type { HeadroomBridge } from '../../main/api/contract.ts';
import type { ApiErrorShape } from '../../main/model/errors.ts';

declare global {
  interface Window {
    headroom: HeadroomBridge;
  }
}

export const api = (): HeadroomBridge => window.headroom;

/** The message to show for a failed call, with what to do where we know it. */
export function errorText(err: unknown): string {
  const e = err as Partial<ApiErrorShape> | Error;
  const message = 'message' in e && e.message ? e.message : String(err);
  const code = (e as Partial<ApiErrorShape>).code;
  if (code === 'keychain-unavailable') return `Keychain unavailable: ${message}`;
  return message;
}

export function errorCode(err: unknown): string | undefined {
  return (err as Partial<ApiErrorShape>)?.code;
}
