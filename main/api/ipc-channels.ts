/**
 * The wire format of the typed API over Electron IPC: channel names and the result envelope.
 * Electron drops custom error properties across ipcRenderer.invoke, so every call resolves to an
 * envelope and the preload turns a failed one back into a rejection with { code, message }.
 */
import { API_METHODS, type ApiMethod, EVENT_NAMES, type EventName, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from './contract.ts';
import { API_ERROR_CODES, ApiError, ProviderError, type ApiErrorShape } from '../model/errors.ts';

export type IpcEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export function invokeChannel(method: ApiMethod): string {
  return IPC_INVOKE_PREFIX + method;
}

export function eventChannel(event: EventName): string {
  return IPC_EVENT_PREFIX + event;
}

export const INVOKE_CHANNELS: readonly string[] = API_METHODS.map(invokeChannel);
export const EVENT_CHANNELS: readonly string[] = EVENT_NAMES.map(eventChannel);

export const INTERNAL_ERROR_MESSAGE = 'Something went wrong inside Headroom; details are in the log.';

/** The internal-error message naming the log file, when the host has one. */
export function internalErrorMessage(logFile: string | null): string {
  return logFile ? `Something went wrong inside Headroom; details are in the log: ${logFile}` : INTERNAL_ERROR_MESSAGE;
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message, fields } = value as Record<string, unknown>;
  const fieldsOk = fields === undefined || (typeof fields === 'object' && fields !== null && Object.values(fields).every((v) => typeof v === 'string'));
  return typeof code === 'string' && (API_ERROR_CODES as readonly string[]).includes(code) && typeof message === 'string' && fieldsOk;
}

/**
 * What the window may learn about a failure. ApiError and ProviderError messages are written for
 * users (never secrets); anything else is an internal error with a generic message naming the log
 * file, and the caller logs the original there.
 */
export function toApiErrorShape(err: unknown, logFile: string | null = null): ApiErrorShape {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.fields ? { fields: { ...err.fields } } : {}) };
  if (err instanceof ProviderError) return { code: 'provider', message: err.message };
  return { code: 'internal', message: internalErrorMessage(logFile) };
}

export function isEnvelope(value: unknown): value is IpcEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.ok === true || (v.ok === false && isApiErrorShape(v.error));
}
