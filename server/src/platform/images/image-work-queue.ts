/** Thrown by ImageWorkQueue.run when every slot is busy and the waiting line is full. */
export class ImageQueueFullError extends Error {
  constructor() {
    super('image work queue is full');
  }
}

/**
 * At most `concurrency` image jobs at once, at most `maxWaiting` more waiting in line; a job beyond that is refused
 * at once (ImageQueueFullError) instead of piling up decoded pixels in memory. One per process: decoding a photo
 * costs tens of megabytes however many requests arrive together.
 */
export class ImageWorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly concurrency: number, readonly maxWaiting: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new ImageQueueFullError();
      // The slot is handed over by the finishing job (running stays counted), so no newcomer can overtake.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Jobs running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
