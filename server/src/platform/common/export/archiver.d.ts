/** The part of archiver's API the zip exports use (archiver 5 ships no TypeScript types). */
declare module 'archiver' {
  import type { Transform } from 'node:stream';

  interface ZipOptions {
    /** Store entries without compressing them (PNG and JPEG are compressed already). */
    store?: boolean;
    zlib?: { level?: number };
    comment?: string;
  }
  interface EntryData {
    name: string;
    date?: Date;
    store?: boolean;
  }
  interface Archiver extends Transform {
    append(source: Buffer | string, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    /** Bytes written so far. */
    pointer(): number;
  }
  function archiver(format: 'zip', options?: ZipOptions): Archiver;
  export = archiver;
}
