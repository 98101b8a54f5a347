import Fastify from 'fastify';
import { encodeAnswersOnce } from './encode-once';

describe('encodeAnswersOnce', () => {
  it('hands on the JSON as its UTF-8 bytes, counted right, Chinese and emoji intact', async () => {
    const app = Fastify();
    encodeAnswersOnce(app);
    const seen: unknown[] = [];
    app.addHook('onSend', (_request, _reply, payload, done) => {
      seen.push(payload);
      done(null, payload);
    });
    const answer = { className: '三年级1班', note: '家长会 👪', classes: Array.from({ length: 500 }, (_, i) => ({ name: `${i}班`, read: i })) };
    app.get('/json', async () => answer);
    app.get('/text', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('已读 ✅'));
    try {
      const json = await app.inject({ method: 'GET', url: '/json' });
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(json.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(answer)));
      expect(JSON.parse(json.body)).toEqual(answer);
      const text = await app.inject({ method: 'GET', url: '/text' });
      expect(text.body).toBe('已读 ✅');
      expect(Number(text.headers['content-length'])).toBe(Buffer.byteLength('已读 ✅'));
      // What comes after this hook is bytes already: nothing downstream reads the text again to count or encode it.
      expect(seen).toHaveLength(2);
      for (const payload of seen) expect(Buffer.isBuffer(payload)).toBe(true);
      expect((seen[0] as Buffer).equals(Buffer.from(JSON.stringify(answer), 'utf8'))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('leaves a buffer or a stream as it is', async () => {
    const app = Fastify();
    encodeAnswersOnce(app);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    app.get('/png', async (_request, reply) => reply.type('image/png').send(png));
    try {
      const res = await app.inject({ method: 'GET', url: '/png' });
      expect(res.rawPayload.equals(png)).toBe(true);
      expect(res.headers['content-length']).toBe('4');
    } finally {
      await app.close();
    }
  });
});
