import { coarseLocation, summarizeUserAgent } from './client-summary';

describe('summarizeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome · Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', 'Edge · Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'Safari · macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox · Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.0.0 Safari/537.36 QIHU 360SE', '360浏览器 · Windows'],
    ['Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko', 'IE · Windows'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.48', '微信 · iOS'],
    ['curl/8.5.0', '未知浏览器'],
    ['', '未知浏览器'],
  ])('%s → %s', (ua, summary) => {
    expect(summarizeUserAgent(ua)).toBe(summary);
  });

  it('reads no header, or a repeated one, as unknown', () => {
    expect(summarizeUserAgent(undefined)).toBe('未知浏览器');
    expect(summarizeUserAgent(['Chrome/1', 'Firefox/2'])).toBe('未知浏览器');
  });
});

describe('coarseLocation', () => {
  it.each([
    ['203.0.113.57', '网络 203.0.*.*'],
    ['::ffff:203.0.113.57', '网络 203.0.*.*'],
    ['192.168.1.20', '内网 192.168.*.*'],
    ['10.3.4.5', '内网 10.3.*.*'],
    ['172.20.0.1', '内网 172.20.*.*'],
    ['172.32.0.1', '网络 172.32.*.*'],
    ['127.0.0.1', '本机'],
    ['::1', '本机'],
    ['2001:db8:85a3::8a2e:370:7334', '网络 2001:db8::/32'],
    ['fe80::1%eth0', '内网'],
    ['fd12:3456::1', '内网'],
    ['', '未知位置'],
    ['not an address', '未知位置'],
    [undefined, '未知位置'],
  ])('%s → %s', (ip, location) => {
    expect(coarseLocation(ip)).toBe(location);
  });

  it('never shows more than the first half of an address', () => {
    expect(coarseLocation('203.0.113.57')).not.toContain('113');
    expect(coarseLocation('2001:db8:85a3::8a2e:370:7334')).not.toContain('85a3');
  });
});
