/** Alerts as the log and the window see them, and notices about Headroom itself. */
export interface AlertEvent {
  id: string;
  /** epoch ms */
  at: number;
  accountId: string;
  accountLabel: string;
  type: 'warn' | 'critical' | 'limit' | 'recovered' | 'burst' | 'auth' | 'unreachable' | 'reachable' | 'test' | 'delivery-failed' | 'forecast';
  title: string;
  body: string;
  delivered: boolean;
  deliveryError?: string;
}

export interface Notice {
  /** e.g. config file was corrupt and was backed up; keychain unavailable; notifications failing */
  id: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

