import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import type { NoticeBody } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { resetTaro } from '../../test/stubs/taro';
import { NoticeBodyView } from './NoticeBodyView';

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
    const body = { version: 1, blocks: [{ type: 'image', attachmentId: 'x' }, { type: 'heading', text: '标题' }] } as unknown as NoticeBody;
    render(<NoticeBodyView body={body} />);
    expect(screen.getByText('（此处内容需要更新小程序后查看）')).toBeTruthy();
    expect(screen.getByText('标题')).toBeTruthy();
  });

  it('hands links to the caller when asked (the editor preview does not navigate away)', () => {
    const onLink = jest.fn();
    render(<NoticeBodyView body={BODY} onLink={onLink} />);
    fireEvent.click(screen.getByText('倾诉信箱'));
    expect(onLink).toHaveBeenCalledWith('pages/tips/index');
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });
});
