import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-body';

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
    // Unterminated: left to the parser, which refuses it.
    expect(jsonDepthExceeds('{"a":"[[[[[[', 1)).toBe(false);
  });
});
