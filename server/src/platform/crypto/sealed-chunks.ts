import type { EntityManager } from 'typeorm';
import type { CryptoService, DataKey } from './crypto.service';

/**
 * Large files kept in the database (a tip's photos, a notice's attachments) are stored as rows of at most this many
 * bytes, each its own AES-256-GCM ciphertext: a 20 MB file never has to pass the database's packet limit in one
 * statement (MariaDB's default max_allowed_packet is 16 MB, and a Buffer is sent hex-escaped).
 */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * `data` cut into CHUNK_BYTES pieces (one empty piece when there are no bytes), each encrypted with `key` and bound by
 * `aad(seq)` to its place, so a chunk moved to another file or position does not decrypt.
 */
export function sealChunks(crypto: CryptoService, key: DataKey, data: Buffer, aad: (seq: number) => string): Buffer[] {
  const out: Buffer[] = [];
  for (let seq = 0, off = 0; off < data.length || seq === 0; seq++, off += CHUNK_BYTES) {
    out.push(crypto.encryptBytes(key, data.subarray(off, off + CHUNK_BYTES), aad(seq)));
  }
  return out;
}

/** The file sealChunks cut, from its chunks in `seq` order. */
export async function openChunks(
  crypto: CryptoService, keyId: string, chunks: { seq: number; data: Buffer }[], aad: (seq: number) => string, m?: EntityManager,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(await crypto.decryptBytes(keyId, Buffer.from(c.data), aad(c.seq), m));
  return Buffer.concat(parts);
}
