import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mariadbPool } from './support';

/**
 * The baseline of the pledge signing benchmark, run as its own process like the server: node:http and a mysql2 pool
 * of the server's default size; per request the same JSON body as `POST /pledges/{id}/signatures` (plus the ids the
 * server would look up), the PNG decoded from base64 and hashed, and one transaction INSERTing the signature row and
 * its image row (the image as a prepared statement, its bytes as they are, like the server). No session, no checks, no
 * decoding of the image, no encryption, no seal: the least a signature can cost.
 * Env: DATABASE_URL (mariadb://…), PORT, DAY (YYYY-MM-DD). Tells the parent `listening` over IPC.
 */
const pool = mariadbPool(process.env.DATABASE_URL!, 20);
const day = process.env.DAY!;

interface Body {
  pledgeId: string; schoolId: string; classId: string; guardianUserId: string; studentId: string; versionNumber: number; textHash: string;
  guardianSignature: string; clientKey: string;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const conn = await pool.getConnection();
    try {
      if (req.method !== 'POST' || req.url !== '/sign') throw new Error('not found');
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
      const png = Buffer.from(b.guardianSignature, 'base64');
      const id = randomUUID();
      await conn.beginTransaction();
      await conn.query(
        `INSERT INTO pledge_signatures (id, pledge_id, school_id, student_id, class_id, guardian_user_id, relation, version_number, text_hash, slot,
           has_student_part, client_key, signed_on) VALUES (?, ?, ?, ?, ?, ?, 'mother', ?, ?, '', 0, ?, ?)`,
        [id, b.pledgeId, b.schoolId, b.studentId, b.classId, b.guardianUserId, b.versionNumber, b.textHash, b.clientKey, day],
      );
      // The image as a prepared statement (binary protocol), as the server sends it: its bytes, not hexadecimal SQL text.
      await conn.execute(
        'INSERT INTO pledge_signature_images (signature_id, part, school_id, key_id, data, sha256, width, height, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id, 'guardian', b.schoolId, 'raw', png, createHash('sha256').update(png).digest('hex'), png.readUInt32BE(16), png.readUInt32BE(20), png.length],
      );
      await conn.commit();
      const out = JSON.stringify({ id, signedOn: day });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      res.writeHead(400).end(String(e));
    } finally {
      conn.release();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'listening' }));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
