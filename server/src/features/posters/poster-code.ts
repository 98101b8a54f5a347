import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import * as QRCode from 'qrcode';
import { POSTER_PAGES, posterH5Path, posterScene, type PosterTarget } from '@anxin/shared';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { LOGGER } from '../../platform/common/logging/logger';
import { WxaCodeClient } from '../../platform/wechat/wxacode.client';

/**
 * The code printed on a poster: a WeChat mini-program code (the image WeChat made), or a plain QR code of the h5
 * link, kept as its module matrix so the PDF draws it as sharp squares at any print size.
 */
export type PosterCode =
  | { kind: 'wxacode'; image: Buffer }
  | { kind: 'link'; link: string; modules: { size: number; dark: (row: number, col: number) => boolean } };

const ENV_VERSION = { formal: 'release', trial: 'trial', developer: 'develop' } as const;

/**
 * Asks WeChat for a mini-program code that opens the target's page. Without a configured mini-program
 * (WECHAT_APPID unset: the demo, development) a WeChat code could open no real app, and when WeChat refuses or
 * cannot be reached a poster must still print: both fall back to a plain QR code of the h5 link.
 */
@Injectable()
export class PosterCodeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wxacode: WxaCodeClient,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async codeFor(target: PosterTarget, h5Origin: string): Promise<PosterCode> {
    if (this.config.wechat.appId) {
      try {
        const code = await this.wxacode.getUnlimitedCode({
          scene: posterScene(target),
          page: target.kind === 'school' ? POSTER_PAGES.school : POSTER_PAGES.invite,
          width: 640,
          envVersion: ENV_VERSION[this.config.wechat.miniprogramState],
        });
        return { kind: 'wxacode', image: code.bytes };
      } catch (e) {
        this.log.warn({ err: (e as Error).message, poster: target.kind }, 'mini-program code unavailable; the poster carries a plain QR code of the h5 link');
      }
    }
    const link = `${h5Origin}/#/${posterH5Path(target)}`;
    const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
    return { kind: 'link', link, modules: { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 } };
  }
}
