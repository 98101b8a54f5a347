import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { validateNoticeBody, type NoticeBody, type NoticeStaffDetail } from '@anxin/shared';
import { createAutosave, type SaveState } from './autosave';
import {
  editorReducer, emptyEditor, fromNoticeBody, fromStaffDetail, inlineText, insertBold, insertLink, parseInline, shanghaiInstant, toDraftRequest,
  toNoticeBody, type EditorState,
} from './editor-state';

const CLASS = 'c3a1';

function typed(...steps: Parameters<typeof editorReducer>[1][]): EditorState {
  return steps.reduce(editorReducer, emptyEditor({ scope: 'classes', ids: [CLASS] }));
}

describe('the editor marks: **bold** and [text](page)', () => {
  it('turns bold and links into spans and back', () => {
    const spans = parseInline('请**务必**阅读，也可以在[倾诉信箱](倾诉信箱)反映，**[首页](首页)**有电话');
    expect(spans).toEqual([
      { text: '请' }, { text: '务必', bold: true }, { text: '阅读，也可以在' }, { text: '倾诉信箱', link: 'pages/tips/index' },
      { text: '反映，' }, { text: '首页', bold: true, link: 'pages/index/index' }, { text: '有电话' },
    ]);
    expect(inlineText(spans)).toBe('请**务必**阅读，也可以在[倾诉信箱](倾诉信箱)反映，**[首页](首页)**有电话');
    // The page's path works as well as its label.
    expect(parseInline('[这里](pages/bind/index)')).toEqual([{ text: '这里', link: 'pages/bind/index' }]);
  });

  it('leaves a mark that names no page of the app, or an unclosed **, as typed', () => {
    expect(parseInline('见[网站](https://example.com)')).toEqual([{ text: '见[网站](https://example.com)' }]);
    expect(parseInline('**没有闭合')).toEqual([{ text: '**没有闭合' }]);
  });

  it('never makes a span of blank text (the server refuses one)', () => {
    const spans = parseInline('**甲** **乙**');
    expect(spans.map((s) => s.text)).toEqual(['甲 ', '乙']);
    expect(validateNoticeBody({ version: 1, blocks: [{ type: 'paragraph', spans }] })).toEqual([]);
  });

  it('加粗 and 插入链接 put the marks in at the cursor', () => {
    expect(insertBold('请阅读', 1)).toEqual({ text: '请**加粗文字**阅读', cursor: 9 });
    expect(insertBold('请务必阅读', 1, '务必')).toEqual({ text: '请**务必**阅读', cursor: 7 });
    expect(insertLink('可以在反映', 3, 'pages/tips/index')).toEqual({ text: '可以在[倾诉信箱](倾诉信箱)反映', cursor: 15 });
  });
});

describe('editor state', () => {
  it('adds, edits, moves and removes blocks; the body keeps their order and leaves empty ones out', () => {
    let s = typed(
      { type: 'setText', key: 'b1', text: '各位家长：\n请**准时**参加。' },
      { type: 'addBlock', block: 'heading' },
      { type: 'setText', key: 'b2', text: '注意\n事项' },
      { type: 'addBlock', block: 'numbered' },
      { type: 'setText', key: 'b3', text: '1. 带好证件\n\n2、按时到场\n' },
      { type: 'addBlock', block: 'bulleted' },
      { type: 'addBlock', block: 'paragraph' },
      { type: 'setText', key: 'b5', text: '   ' },
    );
    expect(s.blocks.map((b) => b.key)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    s = editorReducer(s, { type: 'moveBlock', key: 'b2', by: -1 });
    expect(s.blocks.map((b) => b.key)).toEqual(['b2', 'b1', 'b3', 'b4', 'b5']);
    expect(editorReducer(s, { type: 'moveBlock', key: 'b2', by: -1 })).toBe(s);
    const body = toNoticeBody(s.blocks);
    expect(body).toEqual({
      version: 1,
      blocks: [
        { type: 'heading', text: '注意 事项' },
        { type: 'paragraph', spans: [{ text: '各位家长：\n请' }, { text: '准时', bold: true }, { text: '参加。' }] },
        { type: 'numbered', items: [[{ text: '带好证件' }], [{ text: '按时到场' }]] },
      ],
    });
    expect(validateNoticeBody(body)).toEqual([]);
    s = editorReducer(s, { type: 'removeBlock', key: 'b3' });
    expect(s.blocks.map((b) => b.key)).toEqual(['b2', 'b1', 'b4', 'b5']);
    // Removing the last block leaves one empty paragraph to type in.
    const one = typed({ type: 'removeBlock', key: 'b1' });
    expect(one.blocks).toEqual([{ key: 'b2', type: 'paragraph', text: '' }]);
  });

  it('a saved body comes back into the editor as the same blocks', () => {
    const body: NoticeBody = {
      version: 1,
      blocks: [
        { type: 'heading', text: '致家长的一封信' },
        { type: 'paragraph', spans: [{ text: '请' }, { text: '务必', bold: true }, { text: '阅读' }] },
        { type: 'bulleted', items: [[{ text: '留意情绪' }], [{ text: '倾诉信箱', link: 'pages/tips/index' }]] },
      ],
    };
    const blocks = fromNoticeBody(body);
    expect(blocks.map((b) => b.text)).toEqual(['致家长的一封信', '请**务必**阅读', '留意情绪\n[倾诉信箱](倾诉信箱)']);
    expect(toNoticeBody(blocks)).toEqual(body);
  });

  it('the audience: a scope resets the choice; classes toggle', () => {
    let s = typed({ type: 'toggleAudience', id: 'c2' });
    expect(s.audience).toEqual({ scope: 'classes', ids: [CLASS, 'c2'] });
    s = editorReducer(s, { type: 'toggleAudience', id: CLASS });
    expect(s.audience.ids).toEqual(['c2']);
    s = editorReducer(s, { type: 'setScope', scope: 'grades' });
    expect(s.audience).toEqual({ scope: 'grades', ids: [] });
  });

  it('the 回执 question: options are added up to ten, edited and removed', () => {
    let s = typed({ type: 'setQuestion', question: { kind: 'single', prompt: '是否参加？', options: ['', ''] } });
    s = editorReducer(s, { type: 'setOption', index: 0, text: '参加' });
    s = editorReducer(s, { type: 'setOption', index: 1, text: '不参加' });
    for (let i = 0; i < 12; i++) s = editorReducer(s, { type: 'addOption' });
    expect(s.question!.options).toHaveLength(10);
    for (let i = 0; i < 8; i++) s = editorReducer(s, { type: 'removeOption', index: 2 });
    expect(s.question!.options).toEqual(['参加', '不参加']);
  });
});

describe('the draft the server stores', () => {
  it('lists what is missing, in the order of the form', () => {
    expect(toDraftRequest(emptyEditor({ scope: 'classes', ids: [] })).problems).toEqual(['请填写标题', '正文不能为空', '请选择班级']);
    const q = typed(
      { type: 'set', patch: { title: '家长会' } },
      { type: 'setText', key: 'b1', text: '周五下午开会' },
      { type: 'setQuestion', question: { kind: 'multiple', prompt: ' ', options: ['参加', '参加'] } },
    );
    expect(toDraftRequest(q).problems).toEqual(['请填写回执问题', '回执选项不能重复']);
    expect(toDraftRequest(typed({ type: 'set', patch: { title: '长'.repeat(61) } })).problems[0]).toBe('标题最多 60 个字');
  });

  it('a complete state becomes the request, the deadline read as Shanghai time', () => {
    const s = typed(
      { type: 'set', patch: { kind: 'letter', title: ' 致家长的一封信 ', confirmMode: 'sign', deadline: { date: '2031-03-10', time: '18:00' } } },
      { type: 'setText', key: 'b1', text: '请**签字**确认。' },
      { type: 'setQuestion', question: { kind: 'single', prompt: '是否参加家长会？', options: ['参加', ' 不参加 '] } },
    );
    expect(toDraftRequest(s)).toEqual({
      problems: [],
      request: {
        kind: 'letter', title: '致家长的一封信', confirmMode: 'sign', confirmDeadline: '2031-03-10T10:00:00.000Z',
        body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '请' }, { text: '签字', bold: true }, { text: '确认。' }] }] },
        question: { kind: 'single', prompt: '是否参加家长会？', options: ['参加', '不参加'] },
        audience: { scope: 'classes', ids: [CLASS] },
      },
    });
    const school = editorReducer(editorReducer(s, { type: 'setScope', scope: 'school' }), { type: 'setQuestion', question: { kind: 'text', prompt: '有什么建议？', options: ['x'] } });
    expect(toDraftRequest(school).request).toMatchObject({ audience: { scope: 'school' }, question: { kind: 'text', prompt: '有什么建议？' } });
    expect(toDraftRequest(school).request!.question).not.toHaveProperty('options');
  });

  it('a saved draft loads back into the same state', () => {
    const detail = {
      kind: 'warning', title: '关于近期安全的提醒', confirmMode: 'confirm', confirmDeadline: '2031-03-10T10:00:00.000Z', question: null,
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '请提醒孩子' }, { text: '结伴回家', bold: true }] }] },
      audience: { scope: 'grades', ids: ['g3'], classes: [] },
    } as unknown as NoticeStaffDetail;
    const s = fromStaffDetail(detail);
    expect(s).toMatchObject({ kind: 'warning', deadline: { date: '2031-03-10', time: '18:00' }, audience: { scope: 'grades', ids: ['g3'] } });
    expect(toDraftRequest(s).request).toMatchObject({ body: detail.body, confirmDeadline: detail.confirmDeadline });
    expect(shanghaiInstant('2031-3-10', '18:00')).toBeNull();
  });
});

describe('drafts save as you type', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function setup(save: (v: string) => Promise<void>) {
    const states: SaveState[] = [];
    const autosave = createAutosave<string>({ save, delayMs: 1000, onState: (s) => states.push(s), errorText: (e) => String((e as Error).message) });
    return { autosave, states, last: () => states[states.length - 1] };
  }

  it('saves the latest value once the author pauses, not every keystroke', async () => {
    const saved: string[] = [];
    const { autosave, last } = setup(async (v) => void saved.push(v));
    autosave.change('家');
    jest.advanceTimersByTime(500);
    autosave.change('家长');
    jest.advanceTimersByTime(500);
    autosave.change('家长会');
    expect(last().status).toBe('waiting');
    jest.advanceTimersByTime(999);
    expect(saved).toEqual([]);
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(saved).toEqual(['家长会']);
    expect(last()).toMatchObject({ status: 'saved', error: null });
  });

  it('a change made while a save runs is saved after it, one save at a time', async () => {
    const saved: string[] = [];
    let release!: () => void;
    let inFlight = 0;
    let most = 0;
    const { autosave, last } = setup((v) => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise<void>((r) => {
        release = () => {
          saved.push(v);
          inFlight--;
          r();
        };
      });
    });
    autosave.change('一');
    jest.advanceTimersByTime(1000);
    autosave.change('一二');
    jest.advanceTimersByTime(5000);
    expect(saved).toEqual([]);
    release();
    await jest.runOnlyPendingTimersAsync();
    expect(saved).toEqual(['一']);
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(saved).toEqual(['一', '一二']);
    expect(most).toBe(1);
    expect(last().status).toBe('saved');
  });

  it('flush saves at once (before publishing); cancel drops a value the server would refuse; a failure is reported', async () => {
    const saved: string[] = [];
    let fail = false;
    const { autosave, last } = setup(async (v) => {
      if (fail) throw new Error('网络连接失败');
      saved.push(v);
    });
    autosave.change('草稿');
    expect(await autosave.flush()).toBe(true);
    expect(saved).toEqual(['草稿']);
    autosave.change('');
    autosave.cancel();
    jest.advanceTimersByTime(2000);
    expect(saved).toEqual(['草稿']);
    expect(last().status).toBe('saved');
    fail = true;
    autosave.change('再改');
    expect(await autosave.flush()).toBe(false);
    expect(last()).toMatchObject({ status: 'failed', error: '网络连接失败' });
  });
});
