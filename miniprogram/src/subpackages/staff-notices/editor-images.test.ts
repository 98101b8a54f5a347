import { describe, expect, it } from '@jest/globals';
import { validateNoticeBody, type NoticeBody } from '@anxin/shared';
import { BLOCK_LABELS, editorReducer, emptyEditor, fromNoticeBody, toDraftRequest, toNoticeBody, type EditorState } from './editor-state';

const PIC = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
const PIC2 = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

function typed(...steps: Parameters<typeof editorReducer>[1][]): EditorState {
  return steps.reduce(editorReducer, emptyEditor({ scope: 'classes', ids: ['c3a1'] }));
}

describe('pictures in the editor', () => {
  it('adds a picture as a block at the end, its text the caption (one line), and sends it as an image block', () => {
    let s = typed({ type: 'setText', key: 'b1', text: '座位安排如下：' }, { type: 'addImage', attachmentId: PIC });
    expect(s.blocks[1]).toEqual({ key: 'b2', type: 'image', text: '', attachmentId: PIC });
    expect(BLOCK_LABELS.image).toBe('图片');
    s = editorReducer(s, { type: 'setText', key: 'b2', text: '家长会\n座位图 ' });
    expect(s.blocks[1].text).toBe('家长会 座位图 ');
    const body = toNoticeBody(s.blocks);
    expect(body.blocks).toEqual([
      { type: 'paragraph', spans: [{ text: '座位安排如下：' }] },
      { type: 'image', attachmentId: PIC, caption: '家长会 座位图' },
    ]);
    expect(validateNoticeBody(body)).toEqual([]);
    // Without a caption the block carries none; a picture alone is a body.
    const bare = typed({ type: 'addImage', attachmentId: PIC });
    expect(toNoticeBody(bare.blocks).blocks).toEqual([{ type: 'image', attachmentId: PIC }]);
    expect(toDraftRequest({ ...bare, title: '座位图' }).problems).toEqual([]);
  });

  it('moves and removes a picture block like any other; removing a picture takes every block that shows it', () => {
    let s = typed({ type: 'setText', key: 'b1', text: '第一段' }, { type: 'addImage', attachmentId: PIC }, { type: 'addImage', attachmentId: PIC2 },
      { type: 'addImage', attachmentId: PIC });
    s = editorReducer(s, { type: 'moveBlock', key: 'b3', by: -1 });
    expect(s.blocks.map((b) => b.attachmentId ?? b.text)).toEqual(['第一段', PIC2, PIC, PIC]);
    const without = editorReducer(s, { type: 'removeImages', attachmentId: PIC });
    expect(without.blocks.map((b) => b.attachmentId ?? b.text)).toEqual(['第一段', PIC2]);
    expect(editorReducer(without, { type: 'removeImages', attachmentId: PIC })).toBe(without);
    const empty = editorReducer(typed({ type: 'removeBlock', key: 'b1' }, { type: 'addImage', attachmentId: PIC }), { type: 'removeImages', attachmentId: PIC });
    expect(empty.blocks.map((b) => b.type)).toEqual(['paragraph']);
  });

  it('loads a saved draft\'s pictures back with their captions', () => {
    const body: NoticeBody = { version: 1, blocks: [{ type: 'heading', text: '座位' }, { type: 'image', attachmentId: PIC, caption: '座位图' }, { type: 'image', attachmentId: PIC2 }] };
    const blocks = fromNoticeBody(body);
    expect(blocks.slice(1)).toEqual([
      { key: 'b2', type: 'image', text: '座位图', attachmentId: PIC }, { key: 'b3', type: 'image', text: '', attachmentId: PIC2 },
    ]);
    expect(toNoticeBody(blocks)).toEqual(body);
  });
});
