import sjson from 'secure-json-parse';
import { jsonDepthExceeds as depthExceeds, MAX_JSON_DEPTH, parsePoisonFree } from './json-body';

/** The check reads the body's UTF-8 bytes. */
const jsonDepthExceeds = (text: string, max: number) => depthExceeds(Buffer.from(text), max);

describe('jsonDepthExceeds', () => {
  const nested = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

  it('counts objects and arrays, and allows exactly the limit', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(1000) + ']'.repeat(1000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds('[[1],[2],{"a":[3]}]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[1],[2],{"a":[[3]]}]', 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[[[{{{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ text: 'say \\"[[[[" and "{{{{"' }), 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\\\"}', 1)).toBe(false);
  });

  it('ends a string at the first quote after an even run of backslashes, and counts what follows it', () => {
    // In the JSON text: "x\\" (an escaped backslash) ends at its quote; "\\\"[[[[" (a backslash, then an escaped quote) goes on.
    expect(jsonDepthExceeds('{"a":"x\\\\","b":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"\\\\\\"[[[[","b":1}', 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'q'.repeat(100_000), b: [[[[1]]]] }), 4)).toBe(true);
    // Chinese and emoji in strings and keys: their bytes are never taken for quotes, backslashes or brackets.
    expect(jsonDepthExceeds(JSON.stringify({ 家长: '请于周五前确认「[[[[」 👍\\', 回执: [[['能参加']]] }), 4)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ 家长: '请于周五前确认「[[[[」 👍\\', 回执: [[['能参加']]] }), 3)).toBe(true);
    // Unterminated: left to the parser, which refuses it.
    expect(jsonDepthExceeds('{"a":"[[[[[[', 1)).toBe(false);
  });
});

describe('parsePoisonFree', () => {
  const refused = (text: string) => expect(() => parsePoisonFree(text)).toThrow(SyntaxError);

  it('refuses a __proto__ key anywhere, spelt plainly or with escapes', () => {
    refused('{"__proto__":{"isAdmin":true}}');
    refused('{"a":[1,{"b":{"__proto__":{}}}]}');
    refused('{"\\u005f_proto__":{"x":1}}'); // JSON's escape for "_": the key is __proto__ once parsed
    refused('[{"__proto__":null}]');
  });

  it('refuses a constructor holding a prototype, and lets a plain constructor field through', () => {
    refused('{"constructor":{"prototype":{"isAdmin":true}}}');
    refused('{"a":{"constructor":{"prototype":{}}}}');
    expect(parsePoisonFree('{"constructor":"x","b":{"constructor":{"name":1}}}')).toEqual({ constructor: 'x', b: { constructor: { name: 1 } } });
  });

  it('parses what JSON.parse parses, a byte order mark first included; malformed text throws', () => {
    const body = { guardianSignature: 'iVBORw0KGgo'.repeat(8000), answer: { choices: [0, 2] }, text: '家长会 👍' };
    expect(parsePoisonFree(JSON.stringify(body))).toEqual(body);
    expect(parsePoisonFree('\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(parsePoisonFree('7')).toBe(7);
    expect(() => parsePoisonFree('{"a":')).toThrow();
  });

  it("refuses exactly what secure-json-parse's parse refuses", () => {
    const texts = [
      '{"a":1}', '{"__proto__":1}', '{"a":{"__proto__":{}}}', '{"constructor":{"prototype":1}}', '{"constructor":{"prototype":{}}}',
      '{"constructor":null}', '{"constructor":[1]}', '{"x":"\\"__proto__\\":{}"}', '[[[{"__proto__":[]}]]]', '{"proto":{"__proto":1}}',
    ];
    for (const text of texts) {
      const ours = (() => { try { parsePoisonFree(text); return 'ok'; } catch { return 'refused'; } })();
      const theirs = (() => { try { sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }); return 'ok'; } catch { return 'refused'; } })();
      expect({ text, ours }).toEqual({ text, ours: theirs });
    }
  });
});
