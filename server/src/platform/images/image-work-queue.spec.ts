import { ImageQueueFullError, ImageWorkQueue } from './image-work-queue';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('ImageWorkQueue', () => {
  it('runs at most `concurrency` jobs at once, queues up to `maxWaiting` more in order, and refuses the rest', async () => {
    const q = new ImageWorkQueue(2, 2);
    const gates = Array.from({ length: 4 }, gate);
    const started: number[] = [];
    const jobs = gates.map((g, i) => q.run(async () => { started.push(i); await g.opened; return i; }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(q.load).toEqual({ running: 2, waiting: 2 });
    await expect(q.run(async () => 'late')).rejects.toBeInstanceOf(ImageQueueFullError);
    gates[1].open();
    await jobs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    expect(q.load).toEqual({ running: 2, waiting: 1 });
    for (const g of gates) g.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(q.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a job fails', async () => {
    const q = new ImageWorkQueue(1, 0);
    await expect(q.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(q.load).toEqual({ running: 0, waiting: 0 });
    expect(await q.run(async () => 'ok')).toBe('ok');
  });
});
