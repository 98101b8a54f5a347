import { kindOfKey, shapeTemplateData, shapeValue, TemplateValueError, truncate, truncateBytes } from './template-values';
import { templateId, templateValues } from './templates';

describe('template value rules', () => {
  it('reads the kind from the key', () => {
    expect(kindOfKey('thing1')).toBe('thing');
    expect(kindOfKey('character_string12')).toBe('character_string');
    expect(kindOfKey('phone_number3')).toBe('phone_number');
    expect(kindOfKey('thing')).toBeNull();
    expect(kindOfKey('weird1')).toBeNull();
  });

  it('shortens thing to 20 characters with an ellipsis, never splitting a character', () => {
    const long = '这是一段非常非常长的举报内容摘要，超过了二十个字的限制';
    const v = shapeValue('thing1', long);
    expect(v.length).toBe(20);
    expect(v.endsWith('…')).toBe(true);
    expect(v.startsWith('这是一段非常非常长的举报内容摘要')).toBe(true);
    expect(shapeValue('thing1', '短文本')).toBe('短文本');
    const emoji = truncate('😀'.repeat(15), 20);
    expect(emoji.length).toBeLessThanOrEqual(20);
    expect(emoji).toBe('😀'.repeat(9) + '…');
    expect(shapeValue('thing2', '  多行\n\n文本  ')).toBe('多行 文本');
    expect(shapeValue('thing2', '')).toBe('无');
  });

  it('formats time in Asia/Shanghai as 2019年10月1日 15:01', () => {
    expect(shapeValue('time2', new Date('2019-10-01T07:01:00Z'))).toBe('2019年10月1日 15:01');
    expect(shapeValue('time2', new Date('2026-11-29T20:05:00Z'))).toBe('2026年11月30日 04:05');
    expect(shapeValue('time2', '2026-01-02T03:04:05Z')).toBe('2026年1月2日 11:04');
    expect(shapeValue('time2', '2019年10月1日 15:01')).toBe('2019年10月1日 15:01');
    expect(shapeValue('date3', new Date('2019-09-30T16:30:00Z'))).toBe('2019年10月1日');
    expect(() => shapeValue('time2', 'tomorrow')).toThrow(TemplateValueError);
  });

  it('keeps phrase to at most 5 Chinese characters and refuses one without any', () => {
    expect(shapeValue('phrase2', '已通过审核流程')).toBe('已通过审核');
    expect(shapeValue('phrase2', 'OK 已处理')).toBe('已处理');
    expect(() => shapeValue('phrase2', 'done')).toThrow('data.phrase2.value invalid');
  });

  it('applies the other kinds', () => {
    expect(shapeValue('number1', '共 12 条')).toBe('12');
    expect(shapeValue('character_string1', 'TIP-2026 11 29-中文')).toBe('TIP-20261129-');
    expect(shapeValue('character_string1', 'A'.repeat(40))).toHaveLength(32);
    expect(shapeValue('phone_number1', '010 6234-5678')).toBe('0106234-5678');
    expect(shapeValue('name1', '欧阳一二三四五六七八九')).toBe('欧阳一二三四五六七八');
    expect(shapeValue('name1', 'Alexander Hamilton Jr Esq')).toBe('Alexander Hamilton J');
    expect(shapeValue('letter1', 'abc123')).toBe('abc');
    expect(shapeValue('amount1', '¥12.50')).toBe('¥12.50');
    expect(() => shapeValue('amount1', '十二元')).toThrow(TemplateValueError);
    expect(() => shapeValue('number1', '无')).toThrow(TemplateValueError);
  });

  it('shapes whole template data and truncates WeCom text by bytes', () => {
    expect(shapeTemplateData({ thing1: 'a', time2: new Date('2019-10-01T07:01:00Z') })).toEqual({
      thing1: { value: 'a' }, time2: { value: '2019年10月1日 15:01' },
    });
    const t = truncateBytes('欺'.repeat(1000), 2048);
    expect(Buffer.byteLength(t)).toBeLessThanOrEqual(2048);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('template registry', () => {
  it('maps kinds to configured or placeholder ids and fills values from the message', () => {
    expect(templateId('tip.new', {})).toBe('dev-tip-new');
    expect(templateId('tip.new', { 'tip.new': 'REAL' })).toBe('REAL');
    expect(templateId('something.else', { '*': 'GEN' })).toBe('GEN');
    const at = new Date('2026-01-01T00:00:00Z');
    expect(templateValues('binding.decided', { title: '绑定申请', body: 'b', data: { result: '已通过' }, createdAt: at }))
      .toEqual({ thing1: '绑定申请', phrase2: '已通过', time3: at });
    expect(templateValues('tip.new', { title: 't', body: 'b', data: { thing3: 'override' }, createdAt: at }))
      .toEqual({ thing1: 't', time2: at, thing3: 'override' });
  });
});
