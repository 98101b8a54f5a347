import type { FastifyInstance } from 'fastify';

/** The one route that accepts XML: WeChat's message push (wechat/push-events.ts parses it there). */
export const XML_ROUTE = '/api/v1/wechat/push';

/**
 * WeChat message push may be configured to send XML. Those bodies are read as a string for the push endpoint
 * alone; any other route answers an XML body with 415, as it does every content type the API does not speak.
 */
export function registerXmlBodyParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (req, body, done) => {
    if ((req.url ?? '').split('?')[0] !== XML_ROUTE) {
      done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
      return;
    }
    done(null, body);
  });
}
