import { TestApp } from '../support/test-app';

/** `GET /api/health`: 200 only when the database answers and no migration is pending. */
describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('is public and 200 on a migrated database', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: true, migrationsCurrent: true });
  });

  it('answers 503 with migrationsCurrent false while a migration is pending', async () => {
    // Make the database one migration behind the code: forget that the newest migration ran.
    const rows: { id: number; timestamp: number; name: string }[] = await t.ds.query('SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC');
    const newest = rows[0];
    expect(newest.name).toBe(t.ds.migrations[t.ds.migrations.length - 1].name);
    await t.ds.query('DELETE FROM migrations WHERE id = ?', [newest.id]);
    try {
      const res = await t.request('GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: true, migrationsCurrent: false });
    } finally {
      await t.ds.query('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)', [newest.id, newest.timestamp, newest.name]);
    }
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });

  it('answers 503 with database false when the database is gone, and recovers', async () => {
    await t.ds.destroy();
    try {
      const res = await t.request('GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: false, migrationsCurrent: false });
    } finally {
      await t.ds.initialize();
    }
    expect((await t.request('GET', '/api/health')).status).toBe(200);
  });
});
