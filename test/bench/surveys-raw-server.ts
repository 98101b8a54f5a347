import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import { mariadbPool } from './support';

/**
 * The baseline of the survey benchmark, run as its own process like the server: node:http and a mysql2 pool; per
 * request a JSON body with the code's HMAC (the server computes it from the typed code), the survey, the class and the
 * answers, and the same transaction the server makes: spend the code (a conditional UPDATE) and INSERT the answer row
 * under a random key. No code lookup by HMAC over the school's keys, no checks of the window or of the answers.
 * Env: DATABASE_URL (mariadb://…), PORT. Tells the parent `listening` over IPC.
 */
const pool = mariadbPool(process.env.DATABASE_URL!, 20);

interface Body { codeHmac: string; surveyId: string; classId: string; answers: unknown[] }

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const conn = await pool.getConnection();
    try {
      if (req.method !== 'POST' || req.url !== '/answer') throw new Error('not found');
      const b = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
      await conn.beginTransaction();
      const [spent] = await conn.query('UPDATE survey_codes SET used = 1 WHERE code_hmac = ? AND used = 0', [b.codeHmac]) as any;
      if (spent.affectedRows !== 1) throw new Error('code used');
      await conn.query('INSERT INTO survey_answers (id, survey_id, class_id, version, answers, texts, texts_check, texts_check_failures) VALUES (?, ?, ?, ?, ?, NULL, NULL, 0)',
        [randomInt(1, 2 ** 48), b.surveyId, b.classId, 'full', JSON.stringify(b.answers)]);
      await conn.commit();
      const out = JSON.stringify({ tipBox: null });
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
