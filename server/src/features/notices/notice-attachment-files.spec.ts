import { NOTICE_ATTACHMENT_LIMITS } from '@anxin/shared';
import { cleanLabel, pdfLooksComplete, sniffAttachment } from './notice-attachment-files';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');

describe('notice attachment files', () => {
  it('knows PDF, JPEG and PNG by their first bytes only', () => {
    expect(sniffAttachment(PDF)).toEqual({ kind: 'pdf', mime: 'application/pdf' });
    expect(sniffAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(sniffAttachment(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({ kind: 'image', mime: 'image/png' });
    for (const other of ['GIF89a', 'RIFF\0\0\0\0WEBPVP8 ', '<html><body>%PDF-', ' %PDF-1.4', 'PK\u0003\u0004', '']) {
      expect(sniffAttachment(Buffer.from(other, 'latin1'))).toBeNull();
    }
  });

  it('refuses a PDF cut off before its end', () => {
    expect(pdfLooksComplete(PDF)).toBe(true);
    expect(pdfLooksComplete(Buffer.concat([PDF, Buffer.alloc(100, 0x20)]))).toBe(true);
    expect(pdfLooksComplete(PDF.subarray(0, PDF.length - 8))).toBe(false);
    expect(pdfLooksComplete(Buffer.concat([PDF, Buffer.alloc(2000, 0x20)]))).toBe(false);
  });

  it('keeps the original name only as a clean label', () => {
    expect(cleanLabel('家长会座位表.pdf', '附件.pdf')).toBe('家长会座位表.pdf');
    expect(cleanLabel('C:\\Users\\张老师\\Desktop\\通知.pdf', '附件.pdf')).toBe('通知.pdf');
    expect(cleanLabel('../../etc/passwd', '附件.pdf')).toBe('passwd');
    expect(cleanLabel('invoice\u202Efdp.exe', '附件.pdf')).toBe('invoicefdp.exe');
    expect(cleanLabel('a\r\nb\tc\u0000.png', '图片')).toBe('a b c.png');
    for (const empty of [null, undefined, '', '   ', '..', '/', '\u202e']) expect(cleanLabel(empty, '图片')).toBe('图片');
    const long = cleanLabel(`${'很长的文件名'.repeat(30)}.pdf`, '附件.pdf');
    expect([...long]).toHaveLength(NOTICE_ATTACHMENT_LIMITS.labelMax);
    expect(long.endsWith('….pdf')).toBe(true);
  });
});
