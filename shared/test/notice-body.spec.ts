import { NOTICE_ATTACHMENT_LIMITS } from '../src/limits';
import { canonicalJson, NOTICE_BODY_LIMITS, noticeBodyImageIds, noticeBodyText, validateNoticeBody, type NoticeBody } from '../src/notice-body';

const valid: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'heading', text: '致家长的一封信' },
    { type: 'paragraph', spans: [{ text: '请' }, { text: '务必', bold: true }, { text: '与孩子谈一谈。\n谢谢。' }] },
    { type: 'bulleted', items: [[{ text: '留意孩子情绪' }], [{ text: '遇到问题可使用' }, { text: '倾诉信箱', link: 'pages/tips/index' }]] },
    { type: 'numbered', items: [[{ text: '第一步' }], [{ text: '第二步' }]] },
  ],
};

const clone = (): any => JSON.parse(JSON.stringify(valid));

describe('notice body schema', () => {
  it('accepts headings, paragraphs with bold and links, bulleted and numbered lists', () => {
    expect(validateNoticeBody(valid)).toEqual([]);
  });

  it('refuses what is not a body at all', () => {
    for (const v of [null, undefined, 'text', 42, [], [valid]]) expect(validateNoticeBody(v)).toEqual(['正文格式不正确']);
    expect(validateNoticeBody({ version: 1 })).toEqual(['正文缺少段落列表（blocks）']);
    expect(validateNoticeBody({ version: 1, blocks: [] })).toEqual(['正文不能为空']);
    expect(validateNoticeBody({ version: 2, blocks: valid.blocks })).toEqual(['正文版本应为 1']);
    expect(validateNoticeBody({ ...valid, html: '<b>x</b>' })).toEqual(['正文含有不支持的字段：html']);
  });

  it('refuses raw HTML carriers: unknown block types, unknown fields, links outside the app', () => {
    const html = clone();
    html.blocks.push({ type: 'html', html: '<script>alert(1)</script>' });
    expect(validateNoticeBody(html)).toEqual(['第 5 段的类型不受支持']);
    const extraField = clone();
    extraField.blocks[0].style = 'color:red';
    expect(validateNoticeBody(extraField)).toEqual(['第 1 段含有不支持的字段：style']);
    const spanField = clone();
    spanField.blocks[1].spans[0].href = 'https://evil.example';
    expect(validateNoticeBody(spanField)).toEqual(['第 2 段第 1 个片段含有不支持的字段：href']);
    for (const link of ['https://evil.example', 'pages/tips/index?x=1', '/pages/tips/index', 'subpackages/staff/index/index', 42]) {
      const b = clone();
      b.blocks[2].items[1][1].link = link;
      expect(validateNoticeBody(b)).toEqual([expect.stringMatching(/^第 3 段第 2 项第 2 个片段的链接只能指向本小程序的页面：首页、倾诉信箱/)]);
    }
  });

  it('refuses empty, mistyped and control-character text, and a non-boolean bold', () => {
    const b = clone();
    b.blocks[0].text = '  ';
    b.blocks[1].spans[1].bold = 'yes';
    b.blocks[1].spans[2].text = 7;
    b.blocks[3].items[0] = [];
    expect(validateNoticeBody(b)).toEqual([
      '第 1 段（小标题）的文字不能为空', '第 2 段第 2 个片段的加粗设置不正确', '第 2 段第 3 个片段的文字格式不正确', '第 4 段第 1 项不能为空',
    ]);
    const control = clone();
    control.blocks[1].spans[0].text = '看\u202e这里';
    control.blocks[0].text = '标题\n第二行';
    expect(validateNoticeBody(control)).toEqual(['第 1 段（小标题）含有不允许的控制字符', '第 2 段第 1 个片段含有不允许的控制字符']);
  });

  describe('picture blocks', () => {
    const A = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
    const B = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const withImage = (block: unknown) => ({ ...clone(), blocks: [...clone().blocks, block] });

    it('accepts a picture by attachment id, with or without a caption', () => {
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A }))).toEqual([]);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: '家长会座位图' }))).toEqual([]);
      expect(validateNoticeBody({ version: 1, blocks: [{ type: 'image', attachmentId: A }] })).toEqual([]);
    });

    it('refuses a picture without an attachment id, with a URL or other fields, or with a caption that is not one line of text', () => {
      expect(validateNoticeBody(withImage({ type: 'image' }))).toEqual(['第 5 段（图片）没有指明是哪张图片']);
      for (const id of ['', 'https://evil.example/x.png', '../../etc/passwd', 42, null, `${A}x`]) {
        expect(validateNoticeBody(withImage({ type: 'image', attachmentId: id }))).toEqual(['第 5 段（图片）没有指明是哪张图片']);
      }
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, src: 'https://evil.example/x.png' }))).toEqual(['第 5 段含有不支持的字段：src']);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: '   ' }))).toEqual(['第 5 段（图片说明）的文字不能为空']);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: '第一行\n第二行' }))).toEqual(['第 5 段（图片说明）含有不允许的控制字符']);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: 7 }))).toEqual(['第 5 段（图片说明）的文字格式不正确']);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: '说'.repeat(NOTICE_BODY_LIMITS.captionMax + 1) })))
        .toEqual([`第 5 段（图片说明）超过 ${NOTICE_BODY_LIMITS.captionMax} 字`]);
      expect(validateNoticeBody(withImage({ type: 'image', attachmentId: A, caption: '说'.repeat(NOTICE_BODY_LIMITS.captionMax) }))).toEqual([]);
    });

    it('allows as many pictures as a notice may carry attachments', () => {
      expect(NOTICE_BODY_LIMITS.imagesMax).toBe(NOTICE_ATTACHMENT_LIMITS.perNoticeMax);
      const images = (n: number) => ({ version: 1, blocks: Array.from({ length: n }, () => ({ type: 'image', attachmentId: A })) });
      expect(validateNoticeBody(images(NOTICE_BODY_LIMITS.imagesMax))).toEqual([]);
      expect(validateNoticeBody(images(NOTICE_BODY_LIMITS.imagesMax + 1))).toEqual([`正文最多插入 ${NOTICE_BODY_LIMITS.imagesMax} 张图片`]);
    });

    it('counts captions in the plain text and in the total, and lists the pictures each once', () => {
      const body: NoticeBody = {
        version: 1,
        blocks: [
          { type: 'paragraph', spans: [{ text: '请看座位图。' }] }, { type: 'image', attachmentId: A, caption: '座位图' },
          { type: 'image', attachmentId: B }, { type: 'image', attachmentId: A },
        ],
      };
      expect(noticeBodyText(body)).toBe('请看座位图。\n座位图');
      expect(noticeBodyImageIds(body)).toEqual([A, B]);
      expect(noticeBodyImageIds(valid)).toEqual([]);
      const paragraphs = Array.from({ length: NOTICE_BODY_LIMITS.textMax / NOTICE_BODY_LIMITS.spanMax }, () => ({ type: 'paragraph', spans: [{ text: '字'.repeat(NOTICE_BODY_LIMITS.spanMax) }] }));
      expect(validateNoticeBody({ version: 1, blocks: [...paragraphs, { type: 'image', attachmentId: A, caption: '说' }] })).toEqual([`正文总字数超过 ${NOTICE_BODY_LIMITS.textMax} 字`]);
    });
  });

  it('enforces the size limits', () => {
    const longHeading = clone();
    longHeading.blocks[0].text = '标'.repeat(NOTICE_BODY_LIMITS.headingMax + 1);
    expect(validateNoticeBody(longHeading)).toEqual([`第 1 段（小标题）超过 ${NOTICE_BODY_LIMITS.headingMax} 字`]);
    expect(validateNoticeBody({ version: 1, blocks: [{ type: 'heading', text: '标'.repeat(NOTICE_BODY_LIMITS.headingMax) }] })).toEqual([]);
    const tooMany = { version: 1, blocks: Array.from({ length: NOTICE_BODY_LIMITS.blocksMax + 1 }, () => ({ type: 'heading', text: 'x' })) };
    expect(validateNoticeBody(tooMany)).toEqual([`正文最多 ${NOTICE_BODY_LIMITS.blocksMax} 段`]);
    const longList = { version: 1, blocks: [{ type: 'bulleted', items: Array.from({ length: NOTICE_BODY_LIMITS.listItemsMax + 1 }, () => [{ text: 'x' }]) }] };
    expect(validateNoticeBody(longList)).toEqual([`第 1 段（列表）最多 ${NOTICE_BODY_LIMITS.listItemsMax} 项`]);
    // Every span within its limit, the whole body over the total.
    const span = { text: '字'.repeat(NOTICE_BODY_LIMITS.spanMax) };
    const blocks = Array.from({ length: NOTICE_BODY_LIMITS.textMax / NOTICE_BODY_LIMITS.spanMax + 1 }, () => ({ type: 'paragraph', spans: [span] }));
    expect(validateNoticeBody({ version: 1, blocks })).toEqual([`正文总字数超过 ${NOTICE_BODY_LIMITS.textMax} 字`]);
    expect(validateNoticeBody({ version: 1, blocks: blocks.slice(1) })).toEqual([]);
  });

  it('lists at most problemsMax problems for a body full of them', () => {
    const blocks = Array.from({ length: 100 }, () => ({ type: 'nope' }));
    expect(validateNoticeBody({ version: 1, blocks })).toHaveLength(NOTICE_BODY_LIMITS.problemsMax);
  });

  it('gives the plain text the content check reads: one line per heading, paragraph and item', () => {
    expect(noticeBodyText(valid)).toBe(['致家长的一封信', '请务必与孩子谈一谈。\n谢谢。', '• 留意孩子情绪', '• 遇到问题可使用倾诉信箱', '1. 第一步', '2. 第二步'].join('\n'));
  });
});

describe('canonical JSON', () => {
  it('is the same text whatever order the keys were written in, at every level', () => {
    const a = { title: '通知', body: { version: 1, blocks: [{ type: 'heading', text: 'x' }] }, question: { kind: 'single', prompt: '?', options: ['是', '否'] } };
    const b = { question: { options: ['是', '否'], prompt: '?', kind: 'single' }, body: { blocks: [{ text: 'x', type: 'heading' }], version: 1 }, title: '通知' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"body":{"blocks":[{"text":"x","type":"heading"}],"version":1},"question":{"kind":"single","options":["是","否"],"prompt":"?"},"title":"通知"}');
  });

  it('keeps array order, drops undefined keys like JSON, and distinguishes what differs', () => {
    expect(canonicalJson({ a: [3, 1, 2], b: undefined, c: null })).toBe('{"a":[3,1,2],"c":null}');
    expect(canonicalJson({ t: 'a' })).not.toBe(canonicalJson({ t: 'b' }));
    expect(canonicalJson({ q: null })).not.toBe(canonicalJson({}));
    expect(canonicalJson('引号"与\\')).toBe(JSON.stringify('引号"与\\'));
  });
});
