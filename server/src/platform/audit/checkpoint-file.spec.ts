import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditSignedCheckpoint } from '@anxin/shared';
import { appendCheckpoint, checkpointFilePath, readCheckpoints, schoolsWithCheckpoints } from './checkpoint-file';

const SCHOOL = '6f1c8e0e-1111-4a4a-9b9b-000000000001';
const cp = (seq: number): AuditSignedCheckpoint => ({
  schoolId: SCHOOL, seq, headHash: String(seq % 10).repeat(64), signedAt: `2026-11-${10 + seq}T16:00:00.000Z`, keyId: '0123456789abcdef', signature: 'c2ln',
});

describe('checkpoint files', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'anxin-cp-')), 'checkpoints'); // created by the first append
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('appends one JSON line per checkpoint and reads them back with their line numbers', () => {
    appendCheckpoint(dir, cp(1));
    appendCheckpoint(dir, cp(2));
    expect(readFileSync(checkpointFilePath(dir, SCHOOL), 'utf8').split('\n')).toHaveLength(3); // two lines and the final newline
    expect(readCheckpoints(dir, SCHOOL)).toEqual([{ line: 1, checkpoint: cp(1) }, { line: 2, checkpoint: cp(2) }]);
    expect(schoolsWithCheckpoints(dir)).toEqual([SCHOOL]);
  });

  it('never rewrites: earlier lines stay byte for byte', () => {
    appendCheckpoint(dir, cp(1));
    const before = readFileSync(checkpointFilePath(dir, SCHOOL), 'utf8');
    appendCheckpoint(dir, cp(2));
    expect(readFileSync(checkpointFilePath(dir, SCHOOL), 'utf8').startsWith(before)).toBe(true);
  });

  it('a line cut short by a crash is skipped, and the next checkpoint starts a line of its own', () => {
    appendCheckpoint(dir, cp(1));
    appendFileSync(checkpointFilePath(dir, SCHOOL), '{"schoolId":"6f1c8e0e-11');
    expect(readCheckpoints(dir, SCHOOL)).toEqual([{ line: 1, checkpoint: cp(1) }]);
    appendCheckpoint(dir, cp(3));
    const lines = readCheckpoints(dir, SCHOOL);
    expect(lines[0]).toEqual({ line: 1, checkpoint: cp(1) });
    expect(lines[1]).toMatchObject({ line: 2, error: 'not JSON' }); // now a complete line: reported, never ignored
    expect(lines[2]).toEqual({ line: 3, checkpoint: cp(3) });
  });

  it('reports a line that is not a checkpoint', () => {
    appendCheckpoint(dir, cp(1));
    appendFileSync(checkpointFilePath(dir, SCHOOL), '{"schoolId":"x","seq":"five"}\n');
    expect(readCheckpoints(dir, SCHOOL)[1]).toMatchObject({ line: 2, error: expect.stringContaining('not a checkpoint') });
  });

  it('no file: no checkpoints; a school id that is not a UUID never becomes a path', () => {
    expect(readCheckpoints(dir, SCHOOL)).toEqual([]);
    expect(() => checkpointFilePath(dir, '../../etc/passwd')).toThrow('not a school id');
    expect(schoolsWithCheckpoints(join(dir, 'missing'))).toEqual([]);
  });
});
