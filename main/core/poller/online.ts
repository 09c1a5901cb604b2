import { networkInterfaces } from 'node:os';
import { later, type TimerHandle, type Timers } from './timers.ts';

/** A cheap "is any network up" check: a non-internal interface with an address. */
export function hasNetworkInterface(): boolean {
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => !i.internal));
}

/** Asks isOnline, and while offline asks again every checkMs until the network is back. */
export class OnlineWatch {
  private handle: TimerHandle | null = null;
  private active = false;

  constructor(
    private readonly timers: Timers,
    private readonly isOnline: () => boolean | Promise<boolean>,
    private readonly checkMs: number,
    private readonly onBack: () => void,
  ) {}

  /** A check that fails counts as online: better one error per account than a false "offline". */
  async check(): Promise<boolean> {
    try {
      return await this.isOnline();
    } catch {
      return true;
    }
  }

  watch(): void {
    this.active = true;
    this.arm();
  }

  stop(): void {
    this.active = false;
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(): void {
    if (!this.handle) this.handle = later(this.timers, () => void this.recheck(), this.checkMs);
  }

  private async recheck(): Promise<void> {
    this.handle = null;
    const up = await this.check();
    if (!this.active) return;
    if (!up) return this.arm();
    this.active = false;
    this.onBack();
  }
}
