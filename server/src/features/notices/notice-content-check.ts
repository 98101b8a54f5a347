import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { ErrorCode, noticeBodyText, type NoticeBody, type NoticeQuestion } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { LOGGER } from '../../platform/common/logging/logger';
import { WechatApiError } from '../../platform/wechat/wechat-api.errors';
import { WechatClient } from '../../platform/wechat/wechat.client';

/** msg_sec_check reads at most 2,500 characters per call. */
export const SEC_CHECK_CHUNK = 2500;
/** msg_sec_check scene: 3 (论坛) is the closest to a notice many people read. */
const SCENE = 3;

export interface NoticeVerdict {
  suggest: 'pass' | 'review' | 'risky';
  label: number;
}

const RANK = { pass: 0, review: 1, risky: 2 } as const;

/** `text` cut into pieces of at most `size` characters, at line ends where it can. */
export function secCheckChunks(text: string, size = SEC_CHECK_CHUNK): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf('\n', size);
    const at = cut > size / 2 ? cut + 1 : size;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.trim().length) out.push(rest);
  return out;
}

/**
 * WeChat's msg_sec_check over what guardians will read: the title, the body and the 回执 question, in the name of
 * the staff member publishing (v2 needs an openid). Called before the publishing transaction, never inside one.
 * The worst verdict of the pieces wins. WeChat unreachable or refusing the call is a 503: nothing is published
 * unchecked.
 */
@Injectable()
export class NoticeContentCheck {
  constructor(private readonly wechat: WechatClient, @Inject(LOGGER) private readonly log: Logger) {}

  async check(openid: string, content: { title: string; body: NoticeBody; question: NoticeQuestion | null }): Promise<NoticeVerdict> {
    const question = content.question ? [content.question.prompt, ...(content.question.options ?? [])].join('\n') : '';
    const chunks = secCheckChunks([noticeBodyText(content.body), question].filter(Boolean).join('\n'));
    if (!chunks.length) chunks.push(content.title);
    let worst: NoticeVerdict = { suggest: 'pass', label: 100 };
    for (const [i, chunk] of chunks.entries()) {
      let verdict: NoticeVerdict;
      try {
        verdict = await this.wechat.msgSecCheck({ openid, content: chunk, scene: SCENE, ...(i === 0 ? { title: content.title } : {}) });
      } catch (e) {
        this.log.warn({ errcode: e instanceof WechatApiError ? e.errcode : null }, 'notice content check failed');
        throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, '内容安全检查暂时无法完成，通知未发布，请稍后再试');
      }
      if (RANK[verdict.suggest] > RANK[worst.suggest]) worst = { suggest: verdict.suggest, label: verdict.label };
      if (worst.suggest === 'risky') break;
    }
    return worst;
  }
}
