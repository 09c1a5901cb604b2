/**
 * A fake desktop notification daemon: owns org.freedesktop.Notifications on the session bus and
 * records every Notify call, so tests observe real notifications sent by notify-send.
 */
import dbus from 'dbus-next';

export interface ReceivedNotification {
  appName: string;
  summary: string;
  body: string;
  icon: string;
}

export async function startFakeNotificationDaemon(): Promise<{ received: ReceivedNotification[]; stop: () => Promise<void> }> {
  const received: ReceivedNotification[] = [];
  let nextId = 1;
  class Notifications extends dbus.interface.Interface {
    Notify(appName: string, _replacesId: number, icon: string, summary: string, body: string): number {
      received.push({ appName, summary, body, icon });
      return nextId++;
    }
    GetCapabilities(): string[] {
      return ['body'];
    }
    GetServerInformation(): string[] {
      return ['headroom-test', 'headroom', '1.0', '1.2'];
    }
    CloseNotification(): void {}
  }
  (Notifications as unknown as { configureMembers(m: unknown): void }).configureMembers({
    methods: {
      Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
      GetCapabilities: { inSignature: '', outSignature: 'as' },
      GetServerInformation: { inSignature: '', outSignature: 'ssss' },
      CloseNotification: { inSignature: 'u', outSignature: '' },
    },
  });
  const bus = dbus.sessionBus();
  await bus.requestName('org.freedesktop.Notifications', 0);
  bus.export('/org/freedesktop/Notifications', new Notifications('org.freedesktop.Notifications'));
  return {
    received,
    stop: async () => {
      await bus.releaseName('org.freedesktop.Notifications');
      bus.disconnect();
    },
  };
}
