import { errorCodes, type FastifyInstance } from 'fastify';
import { scan } from 'secure-json-parse';
import { ErrorCode } from '@anxin/shared';
import { AppException } from '../errors/app.exception';

/**
 * Deepest nesting of objects and arrays a JSON body may have. Request bodies of this API nest two or three levels;
 * a body nested thousands deep is an attack on the parser and the validators (recursion), refused with 400 before
 * it is parsed.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Replaces fastify's JSON body parser with one behind a depth check, refusing prototype poisoning as fastify's does
 * (a `__proto__` key, or a `constructor` key holding a `prototype`, anywhere: 400) and answering with fastify's own
 * errors for an empty or malformed body. The body is read as bytes and decoded once: read as a string, fastify decodes
 * each chunk and joins them, and the first look at the joined string copies it flat again — for a signature's 80 KB,
 * two copies of the body in strings before the parse instead of one (docs/BENCHMARKS.md). The depth check is one pass
 * over the bytes, outside strings; UTF-8 decoding is as fastify's (a malformed sequence becomes U+FFFD).
 */
export function registerJsonBodyParser(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) {
      done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
      return;
    }
    if (jsonDepthExceeds(bytes, maxDepth)) {
      done(AppException.badRequest(ErrorCode.BAD_REQUEST, `请求内容嵌套层数过多（最多 ${maxDepth} 层）`), undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = parsePoisonFree(bytes.toString('utf8'));
    } catch {
      done(new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), undefined);
      return;
    }
    done(null, parsed);
  });
}

/**
 * JSON.parse, then secure-json-parse's scan of the parsed value (every object: what decides whether a body poisons a
 * prototype). secure-json-parse's `parse` first screens the whole text with two regular expressions and scans only
 * when one matches; on a signature's 80 kB of base64 that screening cost more than the parse (docs/BENCHMARKS.md),
 * while the scan walks a few keys. Always scanning refuses exactly what the screened parse refuses.
 */
export function parsePoisonFree(text: string): unknown {
  const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (value !== null && typeof value === 'object') scan(value, { protoAction: 'error', constructorAction: 'error' });
  return value;
}

/**
 * Whether objects/arrays in the JSON text (UTF-8 bytes) nest deeper than `max` (brackets inside strings do not count).
 * A string is skipped with `indexOf` to its closing quote (a quote after an odd run of backslashes is escaped), so a
 * body that is mostly one long string — a signature's base64 — costs next to nothing. No byte of a multi-byte UTF-8
 * sequence is below 0x80, so quotes, backslashes and brackets are always the characters themselves.
 */
export function jsonDepthExceeds(bytes: Buffer, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      i = closingQuote(bytes, i);
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
function closingQuote(bytes: Buffer, open: number): number {
  for (let q = bytes.indexOf(0x22, open + 1); q >= 0; q = bytes.indexOf(0x22, q + 1)) {
    let backslashes = 0;
    while (bytes[q - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}
