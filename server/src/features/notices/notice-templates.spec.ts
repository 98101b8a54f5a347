import { NOTICE_LIMITS, NOTICE_LINK_PAGES, noticeBodyText, validateNoticeBody } from '@anxin/shared';
import { DEMO_PLAN } from '../demo/demo-seed';
import { NOTICE_TEMPLATES, noticeTemplates, semesterNow } from './notice-templates';

/** Common surnames: a child named in a letter is most often 「王小明同学」 or 「李同学」. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const NAMED_CHILD = new RegExp(`[${SURNAMES}][\\u4e00-\\u9fff]{0,2}(?:同学|小朋友)`);
/** A class or grade: a warning must not say where the children are. */
const CLASS_OR_GRADE = /[一二三四五六七八九十\d]+\s*年级|\d+\s*班|[一二三四五六七八九十]+班/;
const DEMO_CHILDREN = DEMO_PLAN.flatMap((p) => p.grades.flatMap((g) => g.classes.flatMap((c) => c.students)));

/** Whatever in `text` looks like it names a child or their class. */
function namesOfChildren(text: string): string[] {
  return [
    ...DEMO_CHILDREN.filter((name) => text.includes(name)),
    ...(NAMED_CHILD.exec(text) ?? []),
    ...(CLASS_OR_GRADE.exec(text) ?? []),
  ];
}

const textOf = (t: (typeof NOTICE_TEMPLATES)[number]) => [t.title, t.name, t.description, noticeBodyText(t.body)].join('\n');

describe('notice templates', () => {
  it('the check would catch a child named, a class, or a demo child', () => {
    expect(namesOfChildren('近期王小明同学在课间被推倒')).toEqual(['王小明', '王小明同学']);
    expect(namesOfChildren('李同学受了伤')).toEqual(['李同学']);
    expect(namesOfChildren('三年级1班发生了冲突')).toEqual(['三年级']);
    expect(namesOfChildren('发生在2班')).toEqual(['2班']);
    expect(namesOfChildren('请关心孩子在学校的情况，欺负同学是不对的')).toEqual([]);
  });

  it('a letter for each semester and a warning, each a valid body that names no child', () => {
    expect(NOTICE_TEMPLATES.map((t) => [t.kind, t.semester])).toEqual([['letter', 'autumn'], ['letter', 'spring'], ['warning', null]]);
    expect(new Set(NOTICE_TEMPLATES.map((t) => t.id)).size).toBe(NOTICE_TEMPLATES.length);
    for (const t of NOTICE_TEMPLATES) {
      expect([t.id, validateNoticeBody(t.body)]).toEqual([t.id, []]);
      expect(t.title.length).toBeLessThanOrEqual(NOTICE_LIMITS.titleMax);
      expect([t.id, namesOfChildren(textOf(t))]).toEqual([t.id, []]);
      for (const b of t.body.blocks) {
        const spans = 'spans' in b ? b.spans : 'items' in b ? b.items.flat() : [];
        for (const s of spans) if (s.link) expect(Object.keys(NOTICE_LINK_PAGES)).toContain(s.link);
      }
    }
  });

  it('each tells guardians how to report: the tip box, the designated contact, 12355', () => {
    for (const t of NOTICE_TEMPLATES) {
      const text = noticeBodyText(t.body);
      expect([t.id, text]).toEqual([t.id, expect.stringContaining('12355')]);
      expect(text).toContain('欺凌防治负责人');
      expect(JSON.stringify(t.body)).toContain('"link":"pages/tips/index"');
    }
    const [autumn, spring] = NOTICE_TEMPLATES;
    for (const letter of [autumn, spring]) {
      const headings = letter.body.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
      expect(letter.body.blocks.every((b) => ['heading', 'paragraph', 'bulleted', 'numbered'].includes(b.type))).toBe(true);
      expect(headings).toEqual(['孩子在学校的情况', '家长的监护责任', '请留意这些信号', '发现问题，怎样告诉学校']);
      expect(letter.confirmMode).toBe('sign');
    }
    expect(noticeBodyText(autumn.body)).not.toBe(noticeBodyText(spring.body));
  });

  it('the current semester\'s letter comes first (default calendar: spring from February, autumn from August)', () => {
    expect(semesterNow(new Date('2031-03-03T02:00:00Z'))).toBe('spring');
    expect(semesterNow(new Date('2031-09-10T02:00:00Z'))).toBe('autumn');
    // 00:30 on 1 February in Shanghai is already spring.
    expect(semesterNow(new Date('2031-01-31T16:30:00Z'))).toBe('spring');
    expect(noticeTemplates(new Date('2031-09-10T02:00:00Z')).map((t) => [t.id, t.current])).toEqual([
      ['letter-autumn', true], ['warning-bullying', false], ['letter-spring', false],
    ]);
  });
});
