import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Text answers (the JSON of every route) leave as bytes encoded once. Given a string, fastify reads it through to
 * count its UTF-8 bytes for Content-Length, and Node's socket write reads it through twice more to size and encode
 * it; with Chinese in the text (a string of two-byte characters) each pass is slow. For the 200 kB of a notice's
 * stats over 1,000 classes that was about 2.5 ms of the server's CPU per request (docs/BENCHMARKS.md); one
 * `Buffer.from` is one pass, and fastify then takes the length from the buffer. A small answer costs the same either way
 * (measured with node:http, client and server together: 0.24 ms a request as a string, 0.25 as bytes, for under 1 kB).
 */
export function encodeAnswersOnce(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (_request: FastifyRequest, _reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    done(null, typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
  });
}
