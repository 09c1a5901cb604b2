/**
 * Main side of the typed API: one ipcMain.handle per method. Each call must come from our own
 * window's main frame showing our own page; its arguments are validated before the core sees them;
 * every result travels in an envelope so error codes survive the trip.
 */
import { API_METHODS, type ApiMethod, type HeadroomApi } from '../api/contract.ts';
import { invokeChannel, toApiErrorShape, type IpcEnvelope } from '../api/ipc-channels.ts';
import { validateArgs } from '../api/validate.ts';
import { logFilePath, log } from '../core/log/logger.ts';
import { ApiError } from '../model/errors.ts';
import type { IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electron-types.ts';

export interface IpcDeps {
  ipcMain: IpcMainLike;
  api: HeadroomApi;
  /** The window's webContents: the only trusted sender. */
  trustedSender: () => WebContentsLike | null;
  /** Whether a frame URL is our renderer page. */
  isRendererPage: (url: string) => boolean;
  /** Defaults to the app's log (the stack goes to the file). */
  log?: (message: string, err?: unknown) => void;
  /** The log file named in internal-error messages; defaults to the one this process opened. */
  logFile?: () => string | null;
}

function defaultLog(message: string, err?: unknown): void {
  log.error(message, err);
}

export function checkSender(event: IpcMainInvokeEventLike, deps: Pick<IpcDeps, 'trustedSender' | 'isRendererPage'>): void {
  const trusted = deps.trustedSender();
  const frame = event.senderFrame;
  if (!trusted || event.sender !== trusted) throw new ApiError('forbidden', 'call refused: not from the Headroom window');
  if (!frame || frame.parent !== null || !deps.isRendererPage(frame.url)) throw new ApiError('forbidden', 'call refused: not from the Headroom page');
}

export async function handleCall(deps: IpcDeps, method: ApiMethod, event: IpcMainInvokeEventLike, args: unknown[]): Promise<IpcEnvelope> {
  try {
    checkSender(event, deps);
    const valid = validateArgs(method, args);
    const fn = deps.api[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(deps.api, valid);
    return { ok: true, value };
  } catch (err) {
    const error = toApiErrorShape(err, (deps.logFile ?? logFilePath)());
    if (error.code === 'internal') (deps.log ?? defaultLog)(`${method} failed`, err);
    return { ok: false, error };
  }
}

/** Registers every method; returns a function that removes the handlers again. */
export function registerIpc(deps: IpcDeps): () => void {
  for (const method of API_METHODS) {
    deps.ipcMain.handle(invokeChannel(method), (event, ...args) => handleCall(deps, method, event, args));
  }
  return () => {
    for (const method of API_METHODS) deps.ipcMain.removeHandler(invokeChannel(method));
  };
}
