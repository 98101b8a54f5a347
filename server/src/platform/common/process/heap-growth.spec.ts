import { spawnSync } from 'node:child_process';
import { HEAP_GROWING_PERCENT } from './heap-growth';

describe('heap growth', () => {
  // setFlagsFromString ignores a flag V8 does not know; on the command line node refuses one ("bad option").
  it("names a flag this Node's V8 knows, so setting it at start is not silently ignored", () => {
    const known = spawnSync(process.execPath, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '-e', '0'], { encoding: 'utf8' });
    expect([known.status, known.stderr]).toEqual([0, '']);
    const unknown = spawnSync(process.execPath, ['--heap-growing-percnt=20', '-e', '0'], { encoding: 'utf8' });
    expect(unknown.status).not.toBe(0);
  });
});
