import { applyMasks, REDACTED_MARK } from '@anxin/shared';
import { detectSpans } from './span-detector';

const found = (text: string, roster: string[] = []) => detectSpans(text, roster).map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);

describe('detectSpans (脱敏 proposals)', () => {
  it('finds a mobile number, not a longer digit run', () => {
    expect(found('他的电话是13812345678，打过去')).toEqual(['phone:13812345678']);
    expect(found('订单号 213812345678 不是手机号')).toEqual([]);
    expect(found('12345678901 开头不对')).toEqual([]);
  });

  it('finds a name after 同学 / 老师 / 叫 / 名叫, without the verb after it', () => {
    expect(found('课间有同学张三打我')).toEqual(['name:张三']);
    expect(found('隔壁班一个叫李小明的男生')).toEqual(['name:李小明']);
    expect(found('那个男生名叫王五，总是欺负人')).toEqual(['name:王五']);
    expect(found('我告诉了老师陈静')).toEqual(['name:陈静']);
  });

  it('finds a name before 同学 only when the phrase is the name itself', () => {
    expect(found('。赵六同学也看见了')).toEqual(['name:赵六']);
    expect(found('课间有同学一直骂我')).toEqual([]);
    expect(found('同学们都在笑，大家都叫他外号')).toEqual([]);
  });

  it('finds an address with road, number, building and room, without the words before it', () => {
    expect(found('他说要去我家住的幸福路12号3栋502室找我')).toEqual(['address:幸福路12号3栋502室']);
    expect(found('就在学校对面的阳光小区')).toEqual(['address:阳光小区']);
    expect(found('在5号楼2单元')).toEqual(['address:5号楼2单元']);
  });

  it('finds ID numbers and QQ / WeChat ids', () => {
    expect(found('身份证号110101200001011234')).toEqual(['id_number:110101200001011234']);
    expect(found('身份证11010120000101123X')).toEqual(['id_number:11010120000101123X']);
    expect(found('他的QQ 123456789，微信号：abc_def1')).toEqual(['social_id:123456789', 'social_id:abc_def1']);
  });

  it("proposes every occurrence of a name on the school's roster", () => {
    expect(found('陈思思和刘洋在一起，后来陈思思哭了', ['陈思思', '刘洋', '张'])).toEqual(['roster_name:陈思思', 'roster_name:刘洋', 'roster_name:陈思思']);
  });

  it('returns spans in order and never overlapping (the longer wins)', () => {
    const text = '叫张三的同学，电话13812345678，住在幸福路8号，张三同学';
    const spans = detectSpans(text, ['张三']);
    for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    const masked = applyMasks(text, spans);
    expect(masked).not.toContain('张三');
    expect(masked).not.toContain('13812345678');
    expect(masked).not.toContain('幸福路');
    expect(masked).toContain(REDACTED_MARK);
  });

  it('finds nothing in a text without identifying details', () => {
    expect(found('课间有同学一直骂我，还把我的本子扔进垃圾桶')).toEqual([]);
  });
});
