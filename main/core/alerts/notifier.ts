/**
 * Desktop notifications through node-notifier (notify-send on Linux, Notification Center on macOS,
 * toasts on Windows). Rejects with a clear message when a notification can't be shown, and never
 * waits forever: a missing notification daemon must not hold up the poller.
 */
import type { NotificationSink } from '../core-types.ts';
import { APP_ID } from '../paths.ts';

interface NodeNotifier {
  notify(options: Record<string, unknown>, callback: (err: Error | null, response: string, metadata?: { activationType?: string }) => void): unknown;
}

export interface NotifierOptions {
  iconPath?: string;
  /** Called when the user clicks a notification, where the OS reports clicks (macOS, Windows). */
  onClick?: (accountId: string | null) => void;
  appId?: string;
  timeoutMs?: number;
  /** Injected in tests; defaults to node-notifier. */
  notifier?: NodeNotifier;
}

function explain(err: Error): string {
  const m = err.message;
  if (/notify-send must be installed/i.test(m)) return 'notify-send is not installed (install libnotify-bin / libnotify)';
  if (/org\.freedesktop\.Notifications|ServiceUnknown|not provided by any/i.test(m)) return 'no notification service is running on the desktop session';
  if (/DBUS_SESSION_BUS_ADDRESS|autolaunch|Cannot autolaunch/i.test(m)) return 'no desktop session bus (are you in a graphical session?)';
  return m.split('\n')[0].slice(0, 200);
}

export function createNodeNotifierSink(opts: NotifierOptions = {}): NotificationSink {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let notifier: Promise<NodeNotifier> | undefined = opts.notifier && Promise.resolve(opts.notifier);
  const load = (): Promise<NodeNotifier> =>
    (notifier ??= import('node-notifier').then((m) => ((m as { default?: NodeNotifier }).default ?? m) as unknown as NodeNotifier));
  const waitForClick = Boolean(opts.onClick) && process.platform !== 'linux'; // notify-send reports no clicks

  return {
    async notify({ title, body, accountId }) {
      const n = await load();
      return new Promise<void>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => finish(new Error(`the notification was not confirmed within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        timer.unref?.();
        function finish(err: Error | null): void {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err) reject(new Error(explain(err)));
          else resolve();
        }
        try {
          n.notify(
            { title, message: body, icon: opts.iconPath, appID: opts.appId ?? APP_ID, wait: waitForClick, timeout: waitForClick ? 30 : undefined },
            (err, response, metadata) => {
              if (err) return finish(err);
              finish(null);
              if (response === 'activate' || metadata?.activationType === 'contentsClicked' || metadata?.activationType === 'clicked') opts.onClick?.(accountId);
            },
          );
          // With wait on macOS/Windows the callback comes only after the user acts: shown is enough.
          if (waitForClick) finish(null);
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
  };
}
