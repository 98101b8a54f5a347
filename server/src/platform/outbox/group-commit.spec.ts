import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes ids that arrive while a write runs as one group, one write at a time', async () => {
    const writes: string[][] = [];
    let active = 0;
    let maxActive = 0;
    const g = new GroupCommit(async (ids) => {
      active++;
      maxActive = Math.max(maxActive, active);
      writes.push(ids);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    });
    const first = g.add('a');
    await new Promise((r) => setImmediate(r));
    const rest = ['b', 'c', 'd'].map((id) => g.add(id));
    expect(g.outstanding).toBe(4);
    await Promise.all([first, ...rest]);
    await g.idle();
    expect(writes).toEqual([['a'], ['b', 'c', 'd']]);
    expect(maxActive).toBe(1);
    expect(g.outstanding).toBe(0);
  });

  it('rejects the ids of a failed write and stays usable', async () => {
    let fail = true;
    const g = new GroupCommit(async () => {
      if (fail) throw new Error('db down');
    });
    await expect(g.add('x')).rejects.toThrow('db down');
    fail = false;
    await expect(g.add('y')).resolves.toBeUndefined();
    await g.idle();
    expect(g.outstanding).toBe(0);
  });

  it('runs up to `parallel` writes at once', async () => {
    let active = 0;
    let maxActive = 0;
    const writes: string[][] = [];
    const g = new GroupCommit(async (ids) => {
      active++;
      maxActive = Math.max(maxActive, active);
      writes.push(ids);
      await new Promise((r) => setTimeout(r, 20));
      active--;
    }, 2);
    const all: Promise<void>[] = [];
    for (let i = 0; i < 3; i++) {
      all.push(g.add(`id${i}`));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(maxActive).toBe(2);
    expect(writes).toEqual([['id0'], ['id1'], ['id2']]);
  });
});
