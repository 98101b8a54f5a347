import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditSignedCheckpoint } from '@anxin/shared';

/**
 * The signed checkpoints outside the database: one append-only file per school, `<dir>/<schoolId>.jsonl`, one
 * JSON line per checkpoint. Lines are only ever appended (opened with 'a', fsync'd); nothing here rewrites the file.
 */

const SCHOOL_ID = /^[0-9a-fA-F-]{36}$/;
const FILE_SUFFIX = '.jsonl';

export function checkpointFilePath(dir: string, schoolId: string): string {
  // The id becomes a file name: anything but a UUID could climb out of the folder.
  if (!SCHOOL_ID.test(schoolId)) throw new Error(`not a school id: ${schoolId}`);
  return join(dir, `${schoolId}${FILE_SUFFIX}`);
}

/**
 * Appends one checkpoint line and fsyncs it. Appending the same checkpoint again (a retry after a crash) writes
 * an identical line, which readers count once.
 */
export function appendCheckpoint(dir: string, cp: AuditSignedCheckpoint): void {
  mkdirSync(dir, { recursive: true });
  const path = checkpointFilePath(dir, cp.schoolId);
  const isNew = !existsSync(path);
  const fd = openSync(path, 'a', 0o640);
  try {
    // A line cut short by a crash is left as it is; the next checkpoint starts on a line of its own.
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const rfd = openSync(path, 'r');
      try {
        readSync(rfd, last, 0, 1, size - 1);
      } finally {
        closeSync(rfd);
      }
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const line = JSON.stringify({
      schoolId: cp.schoolId, seq: cp.seq, headHash: cp.headHash, signedAt: cp.signedAt, keyId: cp.keyId, signature: cp.signature,
    });
    writeSync(fd, `${prefix}${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (isNew) fsyncDir(dir);
}

function fsyncDir(dir: string): void {
  // Makes the new file's directory entry durable too; not every platform lets a directory be opened for this.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

export type CheckpointLine = { line: number; checkpoint: AuditSignedCheckpoint } | { line: number; error: string };

/**
 * Every line of a school's checkpoint file, parsed ([] when there is no file). A last line without its newline
 * is a write cut short by a crash and is skipped; any other line that is not a checkpoint is reported.
 */
export function readCheckpoints(dir: string, schoolId: string): CheckpointLine[] {
  const path = checkpointFilePath(dir, schoolId);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const out: CheckpointLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    const torn = i === lines.length - 1; // no newline after it
    const parsed = parseLine(raw);
    if (typeof parsed === 'string') {
      if (!torn) out.push({ line: i + 1, error: parsed });
    } else {
      out.push({ line: i + 1, checkpoint: parsed });
    }
  }
  return out;
}

function parseLine(raw: string): AuditSignedCheckpoint | string {
  let v: any;
  try {
    v = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (!v || typeof v !== 'object' || typeof v.schoolId !== 'string' || !Number.isInteger(v.seq) || v.seq < 0
    || typeof v.headHash !== 'string' || !/^[0-9a-f]{64}$/.test(v.headHash) || typeof v.signedAt !== 'string'
    || Number.isNaN(Date.parse(v.signedAt)) || typeof v.keyId !== 'string' || typeof v.signature !== 'string') {
    return 'not a checkpoint { schoolId, seq, headHash, signedAt, keyId, signature }';
  }
  return { schoolId: v.schoolId, seq: v.seq, headHash: v.headHash, signedAt: v.signedAt, keyId: v.keyId, signature: v.signature };
}

/** The schools that have a checkpoint file in `dir`. */
export function schoolsWithCheckpoints(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(FILE_SUFFIX) && SCHOOL_ID.test(f.slice(0, -FILE_SUFFIX.length)))
    .map((f) => f.slice(0, -FILE_SUFFIX.length));
}
