import { TestApp } from '../support/test-app';

describe('POST /api/v1/__test/clock (test-only)', () => {
  it('moves a running server\'s clock when NODE_ENV=test', async () => {
    const t = await TestApp.start();
    try {
      const before = t.clock.now().getTime();
      const res = await t.request('POST', '/__test/clock', { body: { advanceMs: 3_600_000 } });
      expect(res.status).toBe(200);
      expect(new Date(res.body.now).getTime() - before).toBeGreaterThanOrEqual(3_600_000);
      expect(t.clock.now().getTime() - before).toBeGreaterThanOrEqual(3_600_000);
      const set = await t.request('POST', '/__test/clock', { body: { at: '2030-01-01T00:00:00.000Z' } });
      expect(set.body.now.startsWith('2030-01-01T00:00')).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('does not exist otherwise', async () => {
    const t = await TestApp.start({ env: { NODE_ENV: 'development' } });
    try {
      const res = await t.request('POST', '/__test/clock', { body: { advanceMs: 1000 } });
      expect(res.status).toBe(404);
      const doc = await t.request('GET', '/api/docs-json');
      expect(Object.keys(doc.body.paths).some((p) => p.includes('__test'))).toBe(false);
    } finally {
      await t.stop();
    }
  });
});
