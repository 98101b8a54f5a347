import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import * as QRCode from 'qrcode';
import { QR_LOGIN, qrLoginH5Path, type QrLoginTicketResponse } from '@anxin/shared';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { LOGGER } from '../../platform/common/logging/logger';
import { WxaCodeClient } from '../../platform/wechat/wxacode.client';

const ENV_VERSION = { formal: 'release', trial: 'trial', developer: 'develop' } as const;

/**
 * The picture a browser shows to be scanned: a mini-program code from `getwxacodeunlimit` that opens the confirm
 * page with the code's scene. Without a configured mini-program (the demo), or when WeChat refuses or cannot be
 * reached, a plain QR code of the h5 link to the same page (WeChat opens it in the mini-program when the deployment
 * has set up 扫普通链接二维码打开小程序 for its domain; see docs/DEPLOYMENT.md).
 */
@Injectable()
export class QrLoginCodeService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wxacode: WxaCodeClient,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async imageFor(scene: string, h5Origin: string): Promise<Pick<QrLoginTicketResponse, 'image' | 'imageKind'>> {
    if (this.config.wechat.appId) {
      try {
        const code = await this.wxacode.getUnlimitedCode({ scene, page: QR_LOGIN.page, width: 430, envVersion: ENV_VERSION[this.config.wechat.miniprogramState] });
        return { image: `data:${code.contentType};base64,${code.bytes.toString('base64')}`, imageKind: 'wxacode' };
      } catch (e) {
        // The scene is a credential of sorts: never logged.
        this.log.warn({ err: (e as Error).message }, 'mini-program code unavailable; the sign-in code is a plain QR code of the h5 link');
      }
    }
    return { image: await plainQrDataUrl(`${h5Origin}/#/${qrLoginH5Path(scene)}`), imageKind: 'link' };
  }
}

/** A plain QR code of `link` as an SVG data URL: sharp at any size, and a fraction of a PNG's cost to make. */
export async function plainQrDataUrl(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
