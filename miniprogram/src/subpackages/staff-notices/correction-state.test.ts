import { describe, expect, it } from '@jest/globals';
import { NOTICE_CORRECTION_LIMITS, validateNoticeBody, type NoticeStaffDetail, type NoticeTemplate } from '@anxin/shared';
import { fromPublished, keptAttachments, toCorrectionRequest, toggleKept } from './correction-state';
import { editorReducer, toDraftRequest } from './editor-state';
import { fromTemplate } from './template-state';

const PUBLISHED = {
  id: 'n2', kind: 'letter', title: '【更正】期中家长会通知', confirmMode: 'sign', confirmDeadline: '2031-03-10T10:00:00.000Z',
  question: { kind: 'single', prompt: '您是否参加？', options: ['参加', '不参加'] },
  body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '本周五下午三点，' }, { text: '请准时参加', bold: true }] }] },
  audience: { scope: 'classes', ids: ['c1'], classes: [{ id: 'c1', name: '三年级1班' }] },
} as unknown as NoticeStaffDetail;

describe('a correction starts from what was published and carries a note', () => {
  it('the title without 【更正】, the body, the question; a deadline only while it is ahead', () => {
    const before = fromPublished(PUBLISHED, new Date('2031-03-03T02:00:00.000Z'));
    expect(before).toMatchObject({ title: '期中家长会通知', confirmMode: 'sign', deadline: { date: '2031-03-10', time: '18:00' }, audience: { scope: 'classes', ids: ['c1'] } });
    expect(before.blocks.map((b) => b.text)).toEqual(['本周五下午三点，**请准时参加**']);
    expect(fromPublished(PUBLISHED, new Date('2031-03-11T02:00:00.000Z')).deadline).toBeNull();
  });

  it('asks for a note of what changed, and sends the content with it (never an audience)', () => {
    const state = editorReducer(fromPublished(PUBLISHED, new Date('2031-03-03T02:00:00.000Z')), { type: 'setText', key: 'b1', text: '改为本周六上午九点，**请准时参加**' });
    expect(toCorrectionRequest(state, '  ').problems).toEqual(['请说明更正了什么（家长会看到这段说明）']);
    expect(toCorrectionRequest(state, '长'.repeat(NOTICE_CORRECTION_LIMITS.noteMax + 1)).request).toBeNull();
    const { request, problems } = toCorrectionRequest(state, ' 家长会改到周六上午 ');
    expect(problems).toEqual([]);
    expect(request).toEqual({
      title: '期中家长会通知', confirmMode: 'sign', question: { kind: 'single', prompt: '您是否参加？', options: ['参加', '不参加'] },
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '改为本周六上午九点，' }, { text: '请准时参加', bold: true }] }] },
      confirmDeadline: '2031-03-10T10:00:00.000Z', note: '家长会改到周六上午',
    });
    expect(request).not.toHaveProperty('audience');
    // What would keep a draft from being saved keeps a correction from being sent.
    expect(toCorrectionRequest(editorReducer(state, { type: 'set', patch: { title: ' ' } }), '改了时间').problems).toEqual(['请填写标题']);
  });
});

describe('the files a correction keeps', () => {
  const PIC = '5b0c6f4e-3d1a-4c8e-9f2b-7a6d5e4c3b21';
  const PDF = '8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b190';
  const WITH_PICTURE = {
    ...PUBLISHED,
    body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '见海报' }] }, { type: 'image', attachmentId: PIC, caption: '海报' }] },
  } as unknown as NoticeStaffDetail;
  const FILES = [{ id: PIC, kind: 'image' }, { id: PDF, kind: 'pdf' }] as any;
  const at = new Date('2031-03-03T02:00:00.000Z');

  it('all are kept to begin with; a PDF is unticked and ticked again; a picture the body shows stays', () => {
    const state = fromPublished(WITH_PICTURE, at);
    const kept = keptAttachments(FILES);
    expect(kept).toEqual([PIC, PDF]);
    expect(toggleKept(state, kept, PDF)).toEqual({ kept: [PIC], refused: null });
    expect(toggleKept(state, [PIC], PDF)).toEqual({ kept: [PIC, PDF], refused: null });
    expect(toggleKept(state, kept, PIC)).toEqual({ kept, refused: '正文中还在显示这张图片，请先从正文中删除它' });
    // Once its block is removed from the body, the picture may be left behind.
    const without = editorReducer(state, { type: 'removeImages', attachmentId: PIC });
    expect(toggleKept(without, kept, PIC)).toEqual({ kept: [PDF], refused: null });
  });

  it('sends the kept ids with the body\'s picture block as it was; a picture not kept is a problem', () => {
    const state = fromPublished(WITH_PICTURE, at);
    const { request } = toCorrectionRequest(state, '改了时间', [PIC]);
    expect(toCorrectionRequest(state, '改了时间', [PIC]).problems).toEqual([]);
    expect(request).toMatchObject({ keepAttachmentIds: [PIC], body: WITH_PICTURE.body });
    expect(toCorrectionRequest(state, '改了时间', [PDF])).toEqual({ request: null, problems: ['正文中的图片需要保留在附件中'] });
    // Without a list the server keeps every file.
    expect(toCorrectionRequest(state, '改了时间').request).not.toHaveProperty('keepAttachmentIds');
  });
});

describe('从模板开始', () => {
  it('a template becomes the editor state of a new draft, addressed to the audience already chosen', () => {
    const template: NoticeTemplate = {
      id: 'letter-spring', name: '春季学期致家长的一封信', description: '', kind: 'letter', semester: 'spring', current: true,
      title: '致家长的一封信：春季开学', confirmMode: 'sign', question: null,
      body: { version: 1, blocks: [{ type: 'heading', text: '家长的监护责任' }, { type: 'bulleted', items: [[{ text: '倾诉信箱', link: 'pages/tips/index' }], [{ text: '12355', bold: true }]] }] },
    };
    const state = fromTemplate(template, { scope: 'classes', ids: ['c1'] });
    expect(state).toMatchObject({ kind: 'letter', title: '致家长的一封信：春季开学', confirmMode: 'sign', question: null, deadline: null, audience: { scope: 'classes', ids: ['c1'] } });
    const { request } = toDraftRequest(state);
    expect(request!.body).toEqual(template.body);
    expect(validateNoticeBody(request!.body)).toEqual([]);
  });
});
