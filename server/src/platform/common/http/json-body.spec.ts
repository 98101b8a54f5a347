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
});
