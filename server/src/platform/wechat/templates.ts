import type { SubscriptionAudience, SubscriptionMode } from '@anxin/shared';

/**
 * Template registry: our message kinds → WeChat subscribe-message templates. The template ids come from
 * WECHAT_TEMPLATES (kind → id, from the mini-program's admin console); outside production the `dev-*`
 * placeholders below are used, and the fake WeChat server knows them. Each field says where its value
 * comes from: the message title or body, the time it was enqueued, or `data.<name>` (with a default).
 * A message's `data` may also set a key directly (`{ phrase2: '已通过' }`).
 */
export type FieldSource = 'title' | 'body' | 'time' | `data.${string}`;

export interface TemplateField {
  key: string;
  from: FieldSource;
  /** Used when `from` is data.<name> and the message has no such value. */
  default?: string;
}

export interface TemplateDef {
  kind: string;
  devTemplateId: string;
  fields: TemplateField[];
}

const standard = (kind: string, devTemplateId: string): TemplateDef => ({
  kind, devTemplateId, fields: [{ key: 'thing1', from: 'title' }, { key: 'time2', from: 'time' }, { key: 'thing3', from: 'body' }],
});

export const TEMPLATE_DEFS: TemplateDef[] = [
  standard('tip.new', 'dev-tip-new'),
  standard('tip.escalated', 'dev-tip-escalated'),
  standard('tip.reminder', 'dev-tip-reminder'),
  standard('tip.update', 'dev-tip-update'),
  // who may read tip content changed at a school (designated contact named, committee member added): to the district
  // officers and to the contact who was replaced
  standard('staff.case_role', 'dev-staff-case-role'),
  { kind: 'notice.published', devTemplateId: 'dev-notice-published', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
  // An urgent warning (紧急预警) to guardians: its own template, so a guardian can allow warnings apart from ordinary notices.
  { kind: 'notice.warning', devTemplateId: 'dev-notice-warning', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
  // The annual anti-bullying pledge: asked to sign (a version published, signing again after a change, reminders).
  { kind: 'pledge.sign', devTemplateId: 'dev-pledge-sign', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
  {
    kind: 'binding.decided', devTemplateId: 'dev-binding-decided',
    fields: [{ key: 'thing1', from: 'title' }, { key: 'phrase2', from: 'data.result', default: '已处理' }, { key: 'time3', from: 'time' }],
  },
  // The daily audit digest to district officers: which school, its chain head (seq:first hex digits), when.
  {
    kind: 'audit.digest', devTemplateId: 'dev-audit-digest',
    fields: [{ key: 'thing1', from: 'title' }, { key: 'character_string2', from: 'data.head' }, { key: 'time3', from: 'time' }],
  },
  // A delivery alert to the school admins: a message is late or could not be delivered (what, when, what happened).
  standard('delivery.alert', 'dev-delivery-alert'),
  // To a reporter who turned on 学校回复时提醒我: only that the school answered, never what (the thread stays behind the receipt).
  { kind: 'tip.reply', devTemplateId: 'dev-tip-reply', fields: [{ key: 'thing1', from: 'title' }, { key: 'time2', from: 'time' }] },
  { kind: 'test.message', devTemplateId: 'dev-test-message', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
];

/** Kinds not listed above use this one (configure its id as WECHAT_TEMPLATES["*"]). */
export const GENERIC_TEMPLATE: TemplateDef = {
  kind: '*', devTemplateId: 'dev-generic', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }],
};

export function templateDef(kind: string): TemplateDef {
  return TEMPLATE_DEFS.find((d) => d.kind === kind) ?? GENERIC_TEMPLATE;
}

/** Template id for a kind: configured, else the dev placeholder. */
export function templateId(kind: string, configured: Record<string, string>): string {
  const def = templateDef(kind);
  return configured[def.kind] ?? def.devTemplateId;
}

/** Raw (unshaped) values for a message: `{thing1: title, time2: Date, …}`. */
export function templateValues(
  kind: string,
  message: { title: string; body: string; data?: Record<string, string> | null; createdAt: Date },
): Record<string, string | Date> {
  const def = templateDef(kind);
  const data = message.data ?? {};
  const out: Record<string, string | Date> = {};
  for (const f of def.fields) {
    if (data[f.key] !== undefined) out[f.key] = data[f.key];
    else if (f.from === 'title') out[f.key] = message.title;
    else if (f.from === 'body') out[f.key] = message.body;
    else if (f.from === 'time') out[f.key] = message.createdAt;
    else out[f.key] = data[f.from.slice('data.'.length)] ?? f.default ?? '';
  }
  return out;
}

/** Every template the dev placeholders define, as the fake WeChat server needs them: id → keys. */
export function devTemplateKeys(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of [...TEMPLATE_DEFS, GENERIC_TEMPLATE]) out[d.devTemplateId] = d.fields.map((f) => f.key);
  return out;
}

/**
 * Consent per kind: what the app asks for and of whom. `mode` is the default; WECHAT_TEMPLATE_MODES overrides it
 * per kind (a long-term template needs WeChat's approval for the mini-program's category, education among them).
 * Kinds without an entry are not asked for on their own: they ride on the generic template, or go inbox-only.
 */
export interface TemplateConsent {
  mode: SubscriptionMode;
  audiences: SubscriptionAudience[];
  description: string;
}

export const TEMPLATE_CONSENT: Record<string, TemplateConsent> = {
  'tip.new': { mode: 'one_time', audiences: ['alerting_staff'], description: '有新的欺凌举报时，通过微信提醒我（每次允许可收到一条）' },
  'tip.escalated': { mode: 'one_time', audiences: ['alerting_staff', 'district_officer'], description: '举报超时未受理、升级处理时，通过微信提醒我' },
  'tip.reminder': { mode: 'one_time', audiences: ['alerting_staff'], description: '调查期限将到或已超期时，通过微信提醒我' },
  'tip.update': { mode: 'one_time', audiences: ['alerting_staff'], description: '举报转交给我或举报人回复时，通过微信提醒我' },
  'tip.reply': { mode: 'one_time', audiences: ['reporter'], description: '学校回复我的举报时，通过微信提醒我（只提醒有回复，不含内容）' },
  'notice.published': { mode: 'one_time', audiences: ['guardian'], description: '学校发布新通知时，通过微信提醒我' },
  'notice.warning': { mode: 'one_time', audiences: ['guardian'], description: '学校发布紧急预警时，通过微信提醒我' },
  'pledge.sign': { mode: 'one_time', audiences: ['guardian'], description: '学校请我签署防欺凌承诺书时，通过微信提醒我' },
  'binding.decided': { mode: 'one_time', audiences: ['guardian'], description: '绑定申请有结果时，通过微信提醒我' },
  'delivery.alert': { mode: 'one_time', audiences: ['school_admin'], description: '消息送达出现问题时，通过微信提醒我' },
  'staff.case_role': { mode: 'one_time', audiences: ['district_officer', 'alerting_staff'], description: '学校举报处理人员变动时，通过微信提醒我' },
  'audit.digest': { mode: 'one_time', audiences: ['district_officer'], description: '每日审计摘要生成时，通过微信提醒我' },
  'test.message': { mode: 'one_time', audiences: ['school_admin'], description: '发送测试消息时，通过微信收到它（检查微信提醒是否通畅）' },
};

export interface CatalogueEntry extends TemplateConsent {
  kind: string;
  templateId: string;
}

/** The templates the app may ask consent for, with the configured ids and modes. */
export function subscriptionCatalogue(configured: Record<string, string>, modes: Record<string, SubscriptionMode>): CatalogueEntry[] {
  return Object.entries(TEMPLATE_CONSENT).map(([kind, c]) => ({ ...c, kind, templateId: templateId(kind, configured), mode: modes[kind] ?? c.mode }));
}
