import { createServer } from 'node:http';
import { mariadbPool } from './support';

/**
 * The baseline of the confirm benchmark, run as its own process like the server: node:http and a mysql2 pool of the
 * server's default size, and per request one UPDATE of the receipt named in the path, recording the day it was
 * read, answered, confirmed and done. No session, no checks, no answer to build: the least a confirm can cost.
 * Env: DATABASE_URL (mariadb://…), PORT, DAY (YYYY-MM-DD). Tells the parent `listening` over IPC.
 */
const pool = mariadbPool(process.env.DATABASE_URL!, 20);
const day = process.env.DAY!;

const server = createServer((req, res) => {
  const receiptId = /^\/ack\/([0-9a-f-]{36})$/.exec(req.url ?? '')?.[1];
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', async () => {
    try {
      const { choice } = JSON.parse(body) as { choice: number };
      if (req.method !== 'POST' || !receiptId) throw new Error('not found');
      const [result] = await pool.query(
        `UPDATE notice_receipts SET answered_on = ?, answer_choices = ?, confirmed_on = ?, read_on = COALESCE(read_on, ?), acknowledged_on = ?
           WHERE id = ? AND confirmed_on IS NULL`,
        [day, `,${choice},`, day, day, day, receiptId],
      );
      const ok = (result as { affectedRows: number }).affectedRows === 1;
      const out = JSON.stringify({ ok });
      res.writeHead(ok ? 200 : 409, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    } catch (e) {
      res.writeHead(400).end(String(e));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'listening' }));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
