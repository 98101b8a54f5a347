import { SessionEntity } from '../../src/features/identity/session.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/**
 * A logged-in reporter is anonymous to the school. Their session's activity time must not move when they submit a
 * tip, or a database dump would let someone match the user to the tip's submission time.
 */
describe('tip submission and the reporter session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('leaves last_seen_on untouched on the anonymous tip path, and still updates it on ordinary routes', async () => {
    const ids = await t.seedDemo();
    const token = await t.login('student');
    const sessions = t.ds.getRepository(SessionEntity);
    const before = (await sessions.find()).find((s) => s.revokedOn === null && s.userId === ids.a.userIds.student)!;
    t.clock.advance(24 * 3600_000); // the next day: an ordinary route would record it
    const res = await submitTip(t, tipBody(ids.a.schoolId), { token });
    expect(res.status).toBe(201);
    const afterTip = await sessions.findOneByOrFail({ id: before.id });
    expect(afterTip.lastSeenOn).toBe(before.lastSeenOn);
    // Control: an ordinary authenticated call does update it, so the assertion above is not vacuous.
    expect((await t.request('GET', '/me', { token })).status).toBe(200);
    const afterMe = await sessions.findOneByOrFail({ id: before.id });
    expect(afterMe.lastSeenOn > before.lastSeenOn).toBe(true);
  });
});
