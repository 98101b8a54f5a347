import type { SubscriptionTemplate } from '@anxin/shared';
import type { FakeWechat } from '../../../test/fakes/wechat';
import { SessionService } from '../../src/features/identity/session.service';
import { UserEntity } from '../../src/features/identity/user.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import type { TestApp } from './test-app';

/**
 * WeChat consent granted the way the real flow grants it: the user taps 允许 in WeChat's dialog, which WeChat (the
 * fake) records, and the app reports the same answers to `POST /me/subscriptions`. `times` taps (each one-time 允许
 * allows one message of each kind; a long-term template needs one). `who` is a session token, or a user id for whom
 * a session is opened as a login would.
 */
export async function allowWechat(t: TestApp, fake: FakeWechat, who: { token: string } | { userId: string }, kinds: string[], times = 1): Promise<void> {
  const token = 'token' in who ? who.token : await inTransaction(t.ds, async (m) => (await t.get(SessionService).create(m, who.userId)).token);
  const me = await t.request('GET', '/me', { token });
  if (me.status !== 200) throw new Error(`allowWechat: GET /me answered ${me.status}`);
  const user = await t.ds.getRepository(UserEntity).findOneOrFail({ where: { id: me.body.id } });
  const catalogue: SubscriptionTemplate[] = (await t.request('GET', '/wechat/templates', { token })).body;
  const templates = kinds.map((kind) => {
    const entry = catalogue.find((c) => c.kind === kind);
    if (!entry) throw new Error(`allowWechat: no template for ${kind} in the catalogue`);
    return entry;
  });
  for (let i = 0; i < times; i++) {
    for (const tpl of templates) await fake.grantSubscription(user.openid, tpl.templateId, tpl.mode);
    const res = await t.request('POST', '/me/subscriptions', { token, body: { results: templates.map((tpl) => ({ templateId: tpl.templateId, result: 'accept' })) } });
    if (res.status !== 201) throw new Error(`allowWechat: POST /me/subscriptions answered ${res.status} ${JSON.stringify(res.body)}`);
  }
}
