import { Batcher, failed, succeeded, type Outcome } from './batcher';

/** A serve function whose batches finish when the test says so, recording what each batch held. */
function gated() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const serve = async (inputs: number[]): Promise<Outcome<number>[]> => {
    batches.push(inputs);
    await new Promise<void>((r) => gates.push(r));
    return inputs.map((n) => (n < 0 ? failed(new Error(`refused ${n}`)) : succeeded(n * 10)));
  };
  const openNext = async () => {
    while (!gates.length) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { batches, serve, openNext };
}

describe('Batcher', () => {
  it('serves a call alone as a batch of one', async () => {
    const g = gated();
    const b = new Batcher(g.serve, { max: 10, concurrent: 1 });
    const p = b.call(4);
    await g.openNext();
    await expect(p).resolves.toBe(40);
    expect(g.batches).toEqual([[4]]);
  });

  it('gathers the calls made while a batch runs into the next batch, each answered with its own outcome', async () => {
    const g = gated();
    const b = new Batcher(g.serve, { max: 10, concurrent: 1 });
    const first = b.call(1);
    await new Promise((r) => setImmediate(r));
    const later = [b.call(2), b.call(-3), b.call(4)];
    await g.openNext();
    await g.openNext();
    await expect(first).resolves.toBe(10);
    const settled = await Promise.allSettled(later);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([20, 'refused -3', 40]);
    expect(g.batches).toEqual([[1], [2, -3, 4]]);
  });

  it('runs at most `concurrent` batches at once and at most `max` calls in one', async () => {
    const g = gated();
    const b = new Batcher(g.serve, { max: 2, concurrent: 2 });
    const calls = [1, 2, 3, 4, 5].map((n) => b.call(n));
    await new Promise((r) => setImmediate(r));
    expect(g.batches).toEqual([[1, 2], [3, 4]]);
    await g.openNext();
    await g.openNext();
    await g.openNext();
    expect(await Promise.all(calls)).toEqual([10, 20, 30, 40, 50]);
    expect(g.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('gives every call of a batch the error when serving it throws, and serves the next batch', async () => {
    let n = 0;
    const b = new Batcher(async (inputs: number[]) => {
      if (n++ === 0) throw new Error('database gone');
      return inputs.map((i) => succeeded(i));
    }, { max: 10, concurrent: 1 });
    const first = [b.call(1), b.call(2)];
    await expect(Promise.all(first)).rejects.toThrow('database gone');
    await expect(first[1]).rejects.toThrow('database gone');
    await expect(b.call(3)).resolves.toBe(3);
  });
});
