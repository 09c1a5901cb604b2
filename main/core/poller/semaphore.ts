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

  private drain(): void {
    while (this.waiting.length > 0 && this.active < Math.max(1, this.limit())) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
