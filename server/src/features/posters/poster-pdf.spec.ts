import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as QRCode from 'qrcode';
import { EMERGENCY_NUMBERS } from '@anxin/shared';
import { posterFonts } from './poster-font';
import { renderPosterPdf, type PosterContent } from './poster-pdf';

const dir = mkdtempSync(join(tmpdir(), 'anxin-poster-unit-'));

function linkCode(link: string): PosterContent['code'] {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  return { kind: 'link', link, modules: { size: modules.size, dark: (r, c) => modules.get(r, c) === 1 } };
}

/** Renders, reads back, and saves page 1 as test/artifacts/poster-<artifact>.png (git-ignored) to look at. */
async function inspect(content: PosterContent, artifact: string): Promise<{ pages: number; text: string }> {
  const file = join(dir, `${artifact}.pdf`);
  writeFileSync(file, await renderPosterPdf(content, await posterFonts()));
  const artifacts = resolve(__dirname, '../../../../test/artifacts');
  mkdirSync(artifacts, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(artifacts, `poster-${artifact}`)]);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return { pages, text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\s\u3000]+/g, '') };
}

describe('renderPosterPdf', () => {
  it('keeps the longest names the database allows on one A4 page, contact and emergency numbers included', async () => {
    const school = '某某省某某市某某区某某街道第一百二十三中学附属实验小学（东校区）'.repeat(3).slice(0, 100); // schools.name: 100
    const contact = '欧阳'.repeat(25); // contact_name: 50
    const phone = '0755-12345678-1234567890123456'.slice(0, 30); // contact_phone: 30
    const { pages, text } = await inspect({
      documentTitle: 't', kicker: `${school} 初三（12）班`, title: '家长绑定孩子', intro: '请家长扫码。\n第二行。',
      code: linkCode('https://anxin.example.cn/#/pages/bind/index?code=ABCDEFGHJKMNPQRS'), codeCaption: '家长用微信或手机相机扫码',
      highlight: { label: '班级邀请码', value: 'ABCDEFGHJKMNPQRS' }, notes: ['扫不了码时，输入上面的邀请码。'.repeat(4)],
      contact: { name: contact, phone }, emergency: EMERGENCY_NUMBERS,
    }, 'long-names');
    expect(pages).toBe(1);
    expect(text).toContain(contact);
    expect(text).toContain(phone);
    expect(text).toContain('报警电话110');
    expect(text).toContain('青少年维权热线12355');
  });
});
