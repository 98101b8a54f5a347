import { truncateBytes } from '../wechat/template-values';

/** What a WeCom robot key looks like (WeCom issues UUIDs; anything of this alphabet and length is accepted). */
const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** WeCom's limit on a markdown message's content, in bytes of UTF-8. */
export const MARKDOWN_MAX_BYTES = 4096;

/**
 * The webhook key from what an admin pasted: the key itself, or the whole webhook URL WeCom shows
 * (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`). Only the key is kept: sends always go to
 * WECOM_API_BASE, never to the host of a pasted URL. Null when neither.
 */
export function parseWebhookKey(input: string): string | null {
  const text = input.trim();
  if (KEY.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!url.pathname.endsWith('/cgi-bin/webhook/send')) return null;
  const key = url.searchParams.get('key');
  return key && KEY.test(key) ? key : null;
}

/** The last four characters of a key: all the app ever sees of it. */
export function keyHint(key: string): string {
  return key.slice(-4);
}

export function maskedKey(hint: string): string {
  return `****${hint}`;
}

export interface RobotPostText {
  title: string;
  /** Markdown (WeCom's subset: bold, links, quotes, `<font color="warning">`…). */
  markdown: string;
  /** An http(s) link shown at the end (e.g. the notice in the h5 app). */
  link?: string | null;
  linkText?: string;
}

/**
 * The markdown WeCom gets: the title in bold, the text, then the link, within WeCom's 4096 bytes. When it is too
 * long the text is shortened (with an ellipsis), never the link, so the post still leads to the whole message.
 */
export function robotMarkdown(post: RobotPostText): string {
  const title = truncateBytes(post.title.replace(/\s+/g, ' ').trim(), 300);
  if (post.link !== undefined && post.link !== null && !/^https?:\/\/[^\s<>()]+$/.test(post.link)) {
    throw new Error('robot post: link must be an http(s) URL without spaces or brackets');
  }
  const head = `**${title}**\n`;
  const tail = post.link ? `\n[${(post.linkText ?? '查看详情').replace(/[[\]]/g, '')}](${post.link})` : '';
  const room = MARKDOWN_MAX_BYTES - Buffer.byteLength(head) - Buffer.byteLength(tail);
  return head + truncateBytes(post.markdown.trim(), room) + tail;
}
