import { createHash } from 'node:crypto';
import { In } from 'typeorm';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { ConsentEntity } from '../../src/features/identity/consent.entity';
import { PledgeSignatureImageEntity } from '../../src/features/pledges/pledge-signature-image.entity';
import { signatureLeaves } from '../../src/features/pledges/pledge-signature-seal';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { PledgeSignatureWrites } from '../../src/features/pledges/pledge-signature-writes';
import { statementLog, type StatementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { families, SCHOOL_MORNING, signaturePng, storedPng, type TestGuardian } from './notices-helpers';
import { childPng, signBody } from './pledges-helpers';

const GUARDIANS = 24;

/**
 * Guardians signing the pledge at the same moment are served in batches (one transaction for the signatures that
 * arrive together): each request still gets its own answer — a double submission makes one signature, a retry with
 * the same client key gets the same one, another family's child is a 404, a broken image a 422 — every signature
 * comes out with its own images, seal leaf and consent as if they had come one by one, and the database sees far
 * fewer statements than one signature at a time would make.
 */
describe('pledges: guardians signing at once are served in batches', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const g: TestGuardian[] = [];
  const children: string[] = [];
  let pledge: { id: string; currentVersion: number };
  let log: StatementLog;
  /** A family of its own for the race below. */
  let extra: { guardian: TestGuardian; childId: string };

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    // 三年级 (the first demo class): the child signs too, and the child-data consent is asked for.
    const made = await families(t, ids.a.schoolId, [ids.a.classIds[0]], GUARDIANS + 1);
    for (const f of made.slice(0, GUARDIANS)) {
      g.push(f.guardian);
      children.push(f.child.id);
    }
    extra = { guardian: made[GUARDIANS].guardian, childId: made[GUARDIANS].child.id };
    const principal = await t.login('principal', 'a');
    pledge = (await t.request('GET', `/schools/${ids.a.schoolId}/pledges`, { token: principal })).body.items[0];
    log = statementLog(t.ds);
  });
  afterAll(() => t?.stop());

  const sign = (x: TestGuardian, body: unknown) => t.request('POST', `/pledges/${pledge.id}/signatures`, { token: x.token, body });

  it('each request its own outcome; each signature stored, sealed and consented as one alone; fewer statements than one by one', async () => {
    log.start();
    const alone = await sign(g[0], await signBody(children[0], pledge.currentVersion));
    const perRequest = log.stop().length;
    expect(alone.status).toBe(201);

    const bodies = await Promise.all(g.map((x, i) => signBody(children[i], pledge.currentVersion)));
    const broken = Buffer.from(bodies[GUARDIANS - 1].guardianSignature, 'base64').subarray(0, 200).toString('base64');
    log.start();
    const at = await Promise.all([
      ...g.slice(1, GUARDIANS - 1).map((x, i) => sign(x, bodies[i + 1])),
      // Submitted twice at once with two client keys (a double tap of an app without one): one signature, one 409.
      sign(g[1], await signBody(children[1], pledge.currentVersion)),
      // The same request sent twice at once (a retry over a dropped connection): the same signature.
      sign(g[2], bodies[2]),
      // Another family's child: 404, and nothing of theirs.
      sign(g[3], await signBody(children[4], pledge.currentVersion)),
      // A broken image: refused, alone.
      sign(g[GUARDIANS - 1], { ...bodies[GUARDIANS - 1], guardianSignature: broken }),
    ]);
    const together = log.stop().length;
    const main = at.slice(0, GUARDIANS - 2);
    const [double, retry, foreign, bad] = at.slice(GUARDIANS - 2);

    expect([main[0].status, double.status].sort()).toEqual([201, 409]);
    expect([main[0], double].find((r) => r.status === 409)!.body.code).toBe('PLEDGE_ALREADY_SIGNED');
    expect([main[1].status, retry.status].sort()).toEqual([200, 201]);
    expect(retry.body.id).toBe(main[1].body.id);
    for (const r of main.slice(2)) expect(r.status).toBe(201);
    expect(foreign.status).toBe(404);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'PLEDGE_SIGNATURE_INVALID', details: { part: 'guardian' } });

    // One signature per child (the broken one none), each the caller's own, for their own child, with both images.
    const rows = await t.ds.getRepository(PledgeSignatureEntity).find({ where: { pledgeId: pledge.id, studentId: In(children) } });
    expect(rows.map((r) => r.studentId).sort()).toEqual(children.slice(0, GUARDIANS - 1).sort());
    for (const r of rows) expect(r.guardianUserId).toBe(g[children.indexOf(r.studentId)].userId);
    const images = await t.ds.getRepository(PledgeSignatureImageEntity).find({ where: { signatureId: In(rows.map((r) => r.id)) } });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const guardianSha = sha(storedPng(await signaturePng()));
    const childSha = sha(storedPng(await childPng()));
    for (const r of rows) {
      expect(images.filter((i) => i.signatureId === r.id).map((i) => [i.part, i.sha256]).sort()).toEqual([['guardian', guardianSha], ['student', childSha]]);
    }
    // The signed copy decrypts with each signature's own key material and ids.
    const copy = await t.request('GET', `/me/pledges/${pledge.id}/signatures/${main[5].body.id}`, { token: g[6].token });
    expect(copy.status).toBe(200);
    expect(copy.body.student.id).toBe(children[6]);

    // Each signature's stored leaf is the leaf recomputed from its rows.
    const expected = await signatureLeaves(t.ds.manager, rows.map((r) => r.id));
    const stored: { record_id: string; leaf_hash: string }[] = await t.ds.query(
      `SELECT record_id, leaf_hash FROM audit_seal_leaves WHERE kind = 'pledge.signature' AND record_id IN (${rows.map(() => '?').join(', ')})`, rows.map((r) => r.id),
    );
    expect(stored).toHaveLength(rows.length);
    for (const s of stored) expect(s.leaf_hash).toBe(expected.get(s.record_id));

    // One child-data consent per guardian and child signed; none for the refused.
    const consents = await t.ds.getRepository(ConsentEntity).find({ where: { kind: 'child_data', studentId: In(children) } });
    expect(consents.map((c) => `${c.userId}|${c.studentId}`).sort()).toEqual(rows.map((r) => `${r.guardianUserId}|${r.studentId}`).sort());

    // One by one they would have made about GUARDIANS × perRequest statements; together well under half of that.
    process.stdout.write(`one signature: ${perRequest} statements; ${GUARDIANS + 2} requests at once: ${together}\n`);
    expect(together).toBeLessThan((GUARDIANS * perRequest) / 2);
  });
  it("a request whose retry check ran before its twin's batch committed gets its twin's signature, not a 409", async () => {
    const body = await signBody(extra.childId, pledge.currentVersion);
    const first = await sign(extra.guardian, body);
    expect(first.status).toBe(201);
    // The same request again (the same client key), its retry check answering as it did while the first was still being
    // written by another batch: the child's slot is found taken, by this very request.
    const writes = t.get(PledgeSignatureWrites) as unknown as { byClientKey(requests: unknown[]): Promise<Map<unknown, unknown>> };
    const byClientKey = jest.spyOn(writes, 'byClientKey').mockResolvedValueOnce(new Map());
    try {
      const again = await sign(extra.guardian, body);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(byClientKey).toHaveBeenCalledTimes(2);
    } finally {
      byClientKey.mockRestore();
    }
    // Another client key for the same child is another submission: refused.
    const other = await sign(extra.guardian, await signBody(extra.childId, pledge.currentVersion));
    expect([other.status, other.body.code]).toEqual([409, 'PLEDGE_ALREADY_SIGNED']);
  });
});
