import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NoticeBody } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { resetTaro } from '../../test/stubs/taro';
import { storage } from '../api/storage';
import { NoticeBodyView } from './NoticeBodyView';
import { forgetNoticePictures } from './notice-pictures';

const BODY: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'heading', text: '请留意孩子的这些变化' },
    { type: 'paragraph', spans: [{ text: '欺凌会给孩子' }, { text: '留下长久的伤害', bold: true }, { text: '。' }] },
    { type: 'bulleted', items: [[{ text: '不愿上学' }], [{ text: '情绪低落' }]] },
    { type: 'numbered', items: [[{ text: '耐心倾听' }], [{ text: '在' }, { text: '倾诉信箱', link: 'pages/tips/index', bold: true }, { text: '反映' }]] },
    { type: 'paragraph', spans: [{ text: '回到' }, { text: '首页', link: 'pages/index/index' }] },
  ],
};

describe('NoticeBodyView: the one renderer of a notice body', () => {
  beforeEach(() => resetTaro());

  it('draws headings, paragraphs with bold runs, and both kinds of list with their markers', () => {
    const { container } = render(<NoticeBodyView body={BODY} />);
    const heading = screen.getByText('请留意孩子的这些变化');
    expect(heading.className).toBe('notice-heading');
    expect(heading.getAttribute('role')).toBe('heading');
    expect(screen.getByText('留下长久的伤害').className).toBe('notice-span bold');
    expect(screen.getByText('欺凌会给孩子').className).toBe('notice-span');
    const bullets = container.querySelectorAll('.notice-list.bulleted .notice-li');
    expect(Array.from(bullets).map((li) => li.textContent)).toEqual(['•不愿上学', '•情绪低落']);
    const numbered = container.querySelectorAll('.notice-list.numbered .notice-li');
    expect(Array.from(numbered).map((li) => li.textContent)).toEqual(['1.耐心倾听', '2.在倾诉信箱反映']);
    // Block order is kept.
    expect(container.querySelector('.notice-body')!.children).toHaveLength(5);
  });

  it('opens a linked page of the app in place: a tab through switchTab, any other page through navigateTo', () => {
    render(<NoticeBodyView body={BODY} />);
    const tips = screen.getByText('倾诉信箱');
    expect(tips.className).toBe('notice-span bold link');
    expect(tips.getAttribute('role')).toBe('link');
    fireEvent.click(tips);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index' });
    fireEvent.click(screen.getByText('首页'));
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('shows text that looks like HTML as text, and a link outside the allow-list as plain text', () => {
    const body = {
      version: 1,
      blocks: [{ type: 'paragraph', spans: [{ text: '<b>不是加粗</b><img src=x onerror=alert(1)>' }, { text: '外部网站', link: 'https://example.com' }] }],
    } as unknown as NoticeBody;
    const { container } = render(<NoticeBodyView body={body} />);
    expect(container.querySelector('b, img, script')).toBeNull();
    expect(screen.getByText('<b>不是加粗</b><img src=x onerror=alert(1)>')).toBeTruthy();
    const external = screen.getByText('外部网站');
    expect(external.className).toBe('notice-span');
    fireEvent.click(external);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('says a block it does not know needs a newer app instead of dropping it silently', () => {
    const body = { version: 1, blocks: [{ type: 'video', src: 'x' }, { type: 'heading', text: '标题' }] } as unknown as NoticeBody;
    render(<NoticeBodyView body={body} />);
    expect(screen.getByText('（此处内容需要更新小程序后查看）')).toBeTruthy();
    expect(screen.getByText('标题')).toBeTruthy();
  });

  describe('pictures', () => {
    const A = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
    const withPicture: NoticeBody = { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '座位安排如下：' }] }, { type: 'image', attachmentId: A, caption: '家长会座位图' }] };
    const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
    beforeEach(() => {
      forgetNoticePictures();
      if (!t.previewImage) t.previewImage = jest.fn();
      t.previewImage.mockReset();
      t.previewImage.mockImplementation(() => Promise.resolve({ errMsg: 'ok' }));
      storage.setToken('session-token');
    });

    it('downloads the notice\'s picture with the session, shows it with its caption, and opens it large on a tap', async () => {
      t.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/picture.jpg' });
      const { container } = render(<NoticeBodyView body={withPicture} noticeId='n1' />);
      expect(screen.getByText('图片加载中…')).toBeTruthy();
      await waitFor(() => expect(container.querySelector('img.notice-image-img')?.getAttribute('src')).toBe('wxfile://tmp/picture.jpg'));
      const call = t.downloadFile.mock.calls[0][0];
      expect(call.url).toMatch(/\/api\/v1\/notices\/n1\/attachments\/3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b$/);
      expect(call.header).toEqual({ Authorization: 'Bearer session-token' });
      expect(screen.getByText('家长会座位图').className).toBe('notice-caption');
      fireEvent.click(container.querySelector('.notice-image-tap')!);
      expect(t.previewImage).toHaveBeenCalledWith({ current: 'wxfile://tmp/picture.jpg', urls: ['wxfile://tmp/picture.jpg'] });
      // Drawn again (the editor's preview at every keystroke): not downloaded again.
      render(<NoticeBodyView body={withPicture} noticeId='n1' />);
      await waitFor(() => expect(container.ownerDocument.querySelectorAll('img.notice-image-img')).toHaveLength(2));
      expect(t.downloadFile).toHaveBeenCalledTimes(1);
    });

    it('says when a picture cannot be shown (a refused download, or nothing saved to fetch it from)', async () => {
      t.downloadFile.mockResolvedValue({ statusCode: 404, tempFilePath: '' });
      render(<NoticeBodyView body={withPicture} noticeId='n2' />);
      await waitFor(() => expect(screen.getByText('图片无法显示')).toBeTruthy());
      expect(screen.getByText('家长会座位图')).toBeTruthy();
      render(<NoticeBodyView body={{ version: 1, blocks: [{ type: 'image', attachmentId: A }] }} />);
      expect(screen.getAllByText('图片无法显示')).toHaveLength(2);
    });
  });

  it('hands links to the caller when asked (the editor preview does not navigate away)', () => {
    const onLink = jest.fn();
    render(<NoticeBodyView body={BODY} onLink={onLink} />);
    fireEvent.click(screen.getByText('倾诉信箱'));
    expect(onLink).toHaveBeenCalledWith('pages/tips/index');
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });
});
