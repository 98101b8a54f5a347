import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Lets a stopping server finish. When it closes, Node closes the keep-alive connections that are idle at that
 * moment; a connection still answering a request stays open after its answer until the keep-alive time-out (72 s),
 * so the close, the database shutdown behind it and the process exit would all wait for it. Answers sent
 * while closing therefore say `Connection: close`, and Node closes each such connection once its answer is out.
 */
export function closeConnectionsWhenClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done: () => void) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
