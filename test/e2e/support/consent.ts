import type { SubscriptionTemplate } from '@anxin/shared';
import { FakeWechat } from '../../fakes/wechat';
import { apiRequest } from './http';

/** A person logged in through WeChat on a running server: wx.login's code → the fake's code2Session → a session. */
export interface SignedIn {
  id: string;
  openid: string;
  token: string;
}

/** `count` people log in as the app does (`POST /auth/wechat` with a code); `who` names them (`code-<who>-<i>`). */
export async function signIn(url: string, who: string, count: number): Promise<SignedIn[]> {
  const out: SignedIn[] = [];
  for (let i = 0; i < count; i++) {
    const code = `code-${who}-${i}`;
    const res = await apiRequest(url, 'POST', '/auth/wechat', { body: { code } });
    if (res.status !== 200) throw new Error(`login ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    out.push({ id: res.body.user.id, openid: FakeWechat.openidForCode(code)!, token: res.body.token });
  }
  return out;
}

/**
 * WeChat consent granted the way the real flow grants it: each person taps 允许 in WeChat's dialog (the fake records
 * it) and the app reports the answers to `POST /me/subscriptions`. `times` taps: a one-time template then allows
 * that many messages of each kind.
 */
export async function allowWechat(url: string, fake: FakeWechat, people: SignedIn[], kinds: string[], times = 1): Promise<void> {
  if (people.length === 0) return;
  const catalogue: SubscriptionTemplate[] = (await apiRequest(url, 'GET', '/wechat/templates', { token: people[0].token })).body;
  const templates = kinds.map((kind) => {
    const t = catalogue.find((c) => c.kind === kind);
    if (!t) throw new Error(`no template for ${kind} in the catalogue`);
    return t;
  });
  for (const p of people) {
    for (let i = 0; i < times; i++) {
      for (const t of templates) await fake.grantSubscription(p.openid, t.templateId, t.mode);
      const res = await apiRequest(url, 'POST', '/me/subscriptions', { token: p.token, body: { results: templates.map((t) => ({ templateId: t.templateId, result: 'accept' })) } });
      if (res.status !== 201) throw new Error(`POST /me/subscriptions: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
}
