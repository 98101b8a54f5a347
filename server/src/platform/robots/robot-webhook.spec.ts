import { keyHint, MARKDOWN_MAX_BYTES, maskedKey, parseWebhookKey, robotMarkdown } from './robot-webhook';

describe('parseWebhookKey', () => {
  const key = '693a91f6-7a6b-4c5d-8e9f-0a1b2c3d4e5f';
  it('takes a bare key or the key of a webhook URL', () => {
    expect(parseWebhookKey(key)).toBe(key);
    expect(parseWebhookKey(`  ${key}\n`)).toBe(key);
    expect(parseWebhookKey(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`)).toBe(key);
    expect(parseWebhookKey(`http://127.0.0.1:3900/cgi-bin/webhook/send?debug=1&key=${key}`)).toBe(key);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'short', 'has space in it', 'x'.repeat(129), `https://qyapi.weixin.qq.com/cgi-bin/other?key=${key}`,
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a%20b%20c%20d%20e',
      `ftp://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`, 'javascript:alert(1)']) {
      expect(parseWebhookKey(bad)).toBeNull();
    }
  });
  it('shows only the last four characters', () => {
    expect(maskedKey(keyHint(key))).toBe('****4e5f');
  });
});

describe('robotMarkdown', () => {
  it('puts the title in bold, then the text, then the link', () => {
    expect(robotMarkdown({ title: '紧急提醒\n放学安全', markdown: '请家长按时接孩子。', link: 'https://example.cn/n/1' }))
      .toBe('**紧急提醒 放学安全**\n请家长按时接孩子。\n[查看详情](https://example.cn/n/1)');
    expect(robotMarkdown({ title: '测试', markdown: '内容' })).toBe('**测试**\n内容');
  });
  it('stays within 4096 bytes by shortening the text, keeping the link whole', () => {
    const out = robotMarkdown({ title: '通知', markdown: '长'.repeat(5000), link: 'https://example.cn/n/2', linkText: '打开通知' });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MARKDOWN_MAX_BYTES);
    expect(out.endsWith('…\n[打开通知](https://example.cn/n/2)')).toBe(true);
  });
  it('refuses a link that is not a plain http(s) URL', () => {
    expect(() => robotMarkdown({ title: 't', markdown: 'm', link: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => robotMarkdown({ title: 't', markdown: 'm', link: 'https://x.cn/a b' })).toThrow(/http/);
  });
});
