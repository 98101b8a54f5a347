import { bearerToken } from './auth.guard';

describe('bearerToken', () => {
  const token = 'abcDEF0123456789_-abcDEF0123456789_-abcdef';
  it('reads a Bearer token', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`  Bearer   ${token} `)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
  });
  it.each([
    ['no header', undefined],
    ['an array', [`Bearer ${token}`]],
    ['another scheme', `Basic ${token}`],
    ['lower-case scheme only', `bearer`],
    ['too short', 'Bearer abc'],
    ['characters outside base64url', `Bearer ${token.slice(0, 30)}+/=`],
    ['two tokens', `Bearer ${token} ${token}`],
    ['too long', `Bearer ${'a'.repeat(201)}`],
  ])('refuses %s', (_, header) => {
    expect(bearerToken(header)).toBeNull();
  });
});
