/**
 * Collects items while writes are running and writes them together next: one statement per group, not per
 * row. Up to `parallel` groups are written at once (MariaDB commits them together; SQLite has one writer).
 * `add` resolves when the item's group is written, so a caller that waits holds nothing unrecorded behind a timer.
 */
export class GroupCommit<T = string> {
  private waiting: { item: T; done: () => void; failed: (e: unknown) => void }[] = [];
  private writing = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  /** Items added and not yet written. */
  outstanding = 0;

  constructor(private readonly write: (items: T[]) => Promise<void>, private readonly parallel = 1) {}

  add(item: T): Promise<void> {
    return new Promise((done, failed) => {
      this.outstanding++;
      this.waiting.push({ item, done, failed });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing >= this.parallel || this.waiting.length === 0) return;
    this.scheduled = true;
    // Let the other answers that arrive in this turn of the event loop join the group.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0);
    if (group.length === 0) return this.settle();
    this.writing++;
    try {
      await this.write(group.map((g) => g.item));
      for (const g of group) g.done();
    } catch (e) {
      for (const g of group) g.failed(e);
    }
    this.writing--;
    this.outstanding -= group.length;
    this.schedule();
    this.settle();
  }

  private settle(): void {
    if (this.writing === 0 && this.waiting.length === 0 && !this.scheduled) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves once every added item has been written (or has failed). */
  idle(): Promise<void> {
    if (this.writing === 0 && this.waiting.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}
