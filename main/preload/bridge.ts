/**
 * Builds window.headroom from an ipcRenderer-like object: one invoke per API method, and `on` for
 * the pushed events. Kept apart from preload.ts so it is testable without Electron.
 */
import { API_METHODS, EVENT_NAMES, type EventName, type HeadroomApi, type HeadroomBridge, type HeadroomEvents } from '../api/contract.ts';
import type { ApiErrorShape } from '../model/errors.ts';
import { eventChannel, invokeChannel, isEnvelope } from '../api/ipc-channels.ts';

/** The slice of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Rejections are plain { code, message } objects: contextBridge copies those intact, while an
 * Error's own properties would be lost on the way into the page.
 */
async function call(ipc: IpcRendererLike, method: keyof HeadroomApi, args: unknown[]): Promise<unknown> {
  let reply: unknown;
  try {
    reply = await ipc.invoke(invokeChannel(method), ...args);
  } catch (err) {
    const shape: ApiErrorShape = { code: 'internal', message: `${method} failed: ${err instanceof Error ? err.message : String(err)}` };
    throw shape;
  }
  if (!isEnvelope(reply)) throw { code: 'internal', message: `${method}: malformed reply from main` } satisfies ApiErrorShape;
  if (reply.ok) return reply.value;
  throw { code: reply.error.code, message: reply.error.message, ...(reply.error.fields ? { fields: reply.error.fields } : {}) } satisfies ApiErrorShape;
}

export function createBridge(ipc: IpcRendererLike): HeadroomBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    bridge[method] = (...args: unknown[]) => call(ipc, method, args);
  }
  bridge.on = <E extends EventName>(event: E, listener: (payload: HeadroomEvents[E]) => void): (() => void) => {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new TypeError(`unknown event '${String(event)}'`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The renderer gets the payload only, never the IPC event (it carries the sender).
    const relay = (_event: unknown, payload: unknown) => listener(payload as HeadroomEvents[E]);
    ipc.on(eventChannel(event), relay);
    return () => {
      ipc.removeListener(eventChannel(event), relay);
    };
  };
  return bridge as unknown as HeadroomBridge;
}
