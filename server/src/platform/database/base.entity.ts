import { randomUUID } from 'node:crypto';
import { BeforeInsert, PrimaryColumn } from 'typeorm';

/** Records are keyed by random UUIDs: ids reveal neither order nor volume (e.g. how many tips a school has). */
export abstract class UuidEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @BeforeInsert()
  assignId() {
    if (!this.id) this.id = randomUUID();
  }
}

/** Stored as JSON text so it behaves the same on SQLite and MariaDB/MySQL. */
export const jsonTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v),
};
