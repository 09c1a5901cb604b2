/**
 * Desktop notifications through node-notifier (notify-send on Linux, Notification Center on macOS,
 * toasts on Windows). Rejects with a clear message when a notification can't be shown, and never
 * waits forever: a missing or stuck notification daemon must not hold up the alerts.
 */
import { APP_ID } from '../paths.ts';
import { ALERT_TITLE } from './messages.ts';

/** Sends one desktop notification; rejects when it could not be shown. */
export interface NotificationSink {
  notify(n: { title: string; body: string; accountId: string | null }): Promise<void>;
}

type NotifyCallback = (err: unknown, response?: unknown, metadata?: unknown) => void;

/** The one call of node-notifier's default export used here. */
export interface NodeNotifierLike {
  notify(options: Record<string, unknown>, callback: NotifyCallback): unknown;
}

export interface NotifierOptions {
  iconPath?: string;
  /** Called when the user clicks a notification, where node-notifier reports clicks (macOS, Windows). */
  onClick?: (accountId: string | null) => void;
  /** Windows AppUserModelID. */
  appId?: string;
  /** How long to wait for the notifier to confirm a notification (default 10 s). */
  timeoutMs?: number;
  /** Injected in tests; default node-notifier. */
  notifier?: NodeNotifierLike;
  /** Injected in tests; default process.platform. */
  platform?: NodeJS.Platform;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Seconds a clickable notification waits for the user on macOS and Windows. */
const CLICK_WAIT_SEC = 30;

const EXPLANATIONS: Array<[RegExp, string]> = [
  [/notify-send must be installed|notify-send: not found|ENOENT/i, 'notify-send is not installed (install libnotify-bin or libnotify)'],
  [/StartServiceByName|failed to activate|Activated service .* failed/i, 'the desktop notification service failed to start'],
  [/ServiceUnknown|was not provided by any/i, 'no notification service is running in the desktop session'],
  [/autolaunch|DBUS_SESSION_BUS_ADDRESS|Could not connect|Failed to connect/i, 'no desktop session bus (is this a graphical session?)'],
  [/AccessDenied|permission denied|not permitted|denied/i, 'notifications are not permitted for Headroom (check the system notification settings)'],
];

/** node-notifier's errors from notify-send read "Command failed: notify-send <args>\n<stderr>": keep stderr, drop the command line (it holds the body). */
export function explainNotifyError(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const lines = raw.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = (/^Command failed:/.test(lines[0] ?? '') ? lines.slice(1) : lines).join(' ');
  for (const [pattern, explanation] of EXPLANATIONS) if (pattern.test(detail)) return explanation;
  return detail ? `the notification could not be shown: ${detail.slice(0, 200)}` : 'the notification could not be shown';
}

/** notify-send takes one line each; control characters would only garble it. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}

async function loadNodeNotifier(): Promise<NodeNotifierLike> {
  const m = (await import('node-notifier')) as unknown as { default?: NodeNotifierLike } & NodeNotifierLike;
  return m.default ?? m;
}

function optionsFor(platform: NodeJS.Platform, o: NotifierOptions, title: string, body: string, waitForClick: boolean): Record<string, unknown> {
  const common = { title: oneLine(title), message: oneLine(body), icon: o.iconPath };
  // notify-send reads C escapes in the body (g_strcompress): a backslash must be doubled to show.
  if (platform === 'linux' || platform.endsWith('bsd')) return { ...common, message: common.message.replace(/\\/g, '\\\\'), 'app-name': ALERT_TITLE };
  return { ...common, appID: o.appId ?? APP_ID, wait: waitForClick, timeout: waitForClick ? CLICK_WAIT_SEC : undefined };
}

export function createNodeNotifierSink(opts: NotifierOptions = {}): NotificationSink {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const platform = opts.platform ?? process.platform;
  // notify-send through node-notifier reports no clicks; elsewhere a click comes back in the callback.
  const waitForClick = Boolean(opts.onClick) && (platform === 'darwin' || platform === 'win32');
  let notifier: Promise<NodeNotifierLike> | undefined = opts.notifier && Promise.resolve(opts.notifier);

  return {
    async notify({ title, body, accountId }) {
      const n = await (notifier ??= loadNodeNotifier());
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => finish(new Error(`the notification service did not answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
        function finish(err: Error | null): void {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        }
        const callback: NotifyCallback = (err, response) => {
          // On success node-notifier passes notify-send's stderr (a string, often empty) as err: only an Error is a failure.
          if (err instanceof Error) return finish(new Error(explainNotifyError(err)));
          finish(null);
          if (response === 'activate') opts.onClick?.(accountId);
        };
        try {
          n.notify(optionsFor(platform, opts, title, body, waitForClick), callback);
          // Waiting for a click, the callback comes only once the user acts: handed over is enough.
          if (waitForClick) finish(null);
        } catch (err) {
          finish(new Error(explainNotifyError(err)));
        }
      });
    },
  };
}
