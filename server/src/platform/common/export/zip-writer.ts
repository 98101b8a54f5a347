import { Readable } from 'node:stream';
import archiver from 'archiver';

/**
 * Bytes of files added but not yet read by the client beyond which `add` waits: a large export (every signature of a
 * school) is streamed with this much in memory at most, however slowly the client reads.
 */
export const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

/** The client stopped reading (closed the connection): the export ends there. */
export class ZipReaderGoneError extends Error {
  constructor() {
    super('the zip was not read to the end');
  }
}

/**
 * A zip archive written while the client reads it (archiver, entries stored uncompressed). Files are added one at a
 * time with `add`, which resolves once the client has read enough of what came before; `finish` writes the central
 * directory. Names may hold any Unicode (the entries carry the UTF-8 flag).
 */
export class ZipWriter {
  /** What the client reads (hand it to the HTTP reply). */
  readonly stream: Readable;
  private readonly archive = archiver('zip', { store: true });
  private added = 0;
  /** Bytes handed to `stream`; those still in its buffer (readableLength) have not been read by the client yet. */
  private pushed = 0;
  private waiters: (() => void)[] = [];

  constructor() {
    this.stream = new Readable({
      read: () => {
        this.archive.resume();
        this.wake();
      },
    });
    this.stream.on('close', () => {
      this.archive.abort();
      this.wake();
    });
    this.archive.on('data', (chunk: Buffer) => {
      this.pushed += chunk.length;
      if (!this.stream.push(chunk)) this.archive.pause();
    });
    this.archive.on('end', () => this.stream.push(null));
    this.archive.on('warning', (e: Error) => this.stream.destroy(e));
    this.archive.on('error', (e: Error) => this.stream.destroy(e));
  }

  /** Adds one file; waits while more than ZIP_BACKLOG_BYTES are waiting for the client. */
  async add(name: string, data: Buffer, date: Date): Promise<void> {
    if (this.stream.destroyed) throw new ZipReaderGoneError();
    this.archive.append(data, { name, date });
    this.added += data.length;
    while (this.added - (this.pushed - this.stream.readableLength) > ZIP_BACKLOG_BYTES) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      if (this.stream.destroyed) throw new ZipReaderGoneError();
    }
  }

  /** Writes the end of the archive; resolves once it is written (the client may still be reading). */
  async finish(): Promise<void> {
    if (this.stream.destroyed) throw new ZipReaderGoneError();
    await this.archive.finalize();
  }

  /** Ends the stream with an error (the client sees a cut-off download, never a zip that looks complete). */
  fail(e: Error): void {
    this.stream.destroy(e);
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
