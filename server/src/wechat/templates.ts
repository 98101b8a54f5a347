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
  { kind: 'notice.published', devTemplateId: 'dev-notice-published', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
  { kind: 'pledge.reminder', devTemplateId: 'dev-pledge-reminder', fields: [{ key: 'thing1', from: 'title' }, { key: 'thing2', from: 'body' }, { key: 'time3', from: 'time' }] },
  {
    kind: 'binding.decided', devTemplateId: 'dev-binding-decided',
    fields: [{ key: 'thing1', from: 'title' }, { key: 'phrase2', from: 'data.result', default: '已处理' }, { key: 'time3', from: 'time' }],
  },
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
