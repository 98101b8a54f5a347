import { randomUUID } from 'node:crypto';
import { WecomRobots1764601100000 } from '../../src/platform/database/migrations/1764601100000-wecom-robots';
import { migrationOnRows } from '../support/migrations';

/**
 * The robot migration on a database with outbox rows (both engines): webhook keys kept in plain text in the outbox go
 * with their column, robot rows still waiting on one are failed, other rows are untouched.
 */
describe('migration WecomRobots1764601100000 on existing rows', () => {
  const onRows = migrationOnRows(WecomRobots1764601100000);

  it('drops robot_key, fails robot rows still waiting on a plain key, adds robot_id and the robot tables', async () => {
    let ds = await onRows.before();
    const rows = { waiting: randomUUID(), sent: randomUUID(), wechat: randomUUID() };
    const insert = (id: string, channel: string, robotKey: string | null, status: string) => ds.query(
      `INSERT INTO outbox (id, dedupe_key, channel, school_id, recipient_user_id, robot_key, template, title, body, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, NULL, NULL, ?, 'robot.urgent', '标题', '内容', ?, 0, '2026-11-30 00:00:00.000', '2026-11-30 00:00:00.000')`,
      [id, `k-${id}`, channel, robotKey, status],
    );
    await insert(rows.waiting, 'wecom_robot', 'plain-webhook-key-1', 'pending');
    await insert(rows.sent, 'wecom_robot', 'plain-webhook-key-2', 'sent');
    await insert(rows.wechat, 'wechat_subscribe', null, 'pending');

    ds = await onRows.after();
    const after: Array<Record<string, unknown>> = await ds.query('SELECT * FROM outbox');
    const row = (id: string) => after.find((r) => r.id === id)!;
    expect(Object.keys(row(rows.waiting))).not.toContain('robot_key');
    expect(Object.keys(row(rows.waiting))).toContain('robot_id');
    expect(JSON.stringify(after)).not.toContain('plain-webhook-key');
    expect(row(rows.waiting)).toMatchObject({ status: 'failed', last_error: 'robot key without a registration', robot_id: null });
    expect(row(rows.sent).status).toBe('sent');
    expect(row(rows.wechat)).toMatchObject({ status: 'pending', last_error: null });
    for (const table of ['wecom_robots', 'wecom_robot_sends', 'wecom_robot_settings']) expect(await ds.query(`SELECT * FROM ${table}`)).toEqual([]);
  });
});
