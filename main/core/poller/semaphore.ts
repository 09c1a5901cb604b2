/** Bounds how many polls run at once; the bound is read on every acquire, so a settings change applies. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: () => number) {}

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  release(): void {
    this.active--;
    this.drain();
  }

  /** The bound may have grown: let waiters in now rather than at the next release. */
  drain(): void {
    const limit = this.limit();
    const max = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1;
    while (this.waiting.length > 0 && this.active < max) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
