import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@anxin/shared';
import { AppException } from '../errors/app.exception';

/**
 * Deepest nesting of objects and arrays a JSON body may have. Request bodies of this API nest two or three levels;
 * a body nested thousands deep is an attack on the parser and the validators (recursion), refused with 400 before
 * it is parsed.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Replaces fastify's JSON body parser with the same parser (prototype poisoning still refused) behind a depth check.
 * The check is one pass over the text, outside strings, so it costs a fraction of the parse itself.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, maxDepth)) {
      done(AppException.badRequest(ErrorCode.BAD_REQUEST, `请求内容嵌套层数过多（最多 ${maxDepth} 层）`), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

/**
 * Whether objects/arrays in the JSON text nest deeper than `max` (brackets inside strings do not count). A string is
 * skipped with `indexOf` to its closing quote (a quote after an odd run of backslashes is escaped), so a body that is
 * mostly one long string — a signature's base64 — costs next to nothing.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      if (i < 0) return false; // unterminated: the parser refuses it
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let q = text.indexOf('"', open + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}
