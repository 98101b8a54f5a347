import { apiUrl } from './client';
import { openServerFile, type ServerFile } from './save-file';

const enc = encodeURIComponent;

/** The printable A4 posters (server `posters/`): staff only, so they are fetched with the session. */
export const posterFiles = {
  /** The school's tip-box poster: the contact, 110 / 12355 and a code into the tip box. */
  school: (schoolId: string) => ({ url: apiUrl(`/schools/${enc(schoolId)}/poster.pdf`), name: '倾诉信箱海报.pdf' }),
  /** One class invite code's poster. */
  invite: (inviteCodeId: string) => ({ url: apiUrl(`/invite-codes/${enc(inviteCodeId)}/poster.pdf`), name: '班级邀请海报.pdf' }),
};

/**
 * Gets a poster PDF and hands it to the user: WeChat opens it (its menu prints it or sends it to a computer);
 * the browser saves it. A refusal keeps the server's message (e.g. "no designated contact yet").
 */
export function openPoster(file: ServerFile): Promise<void> {
  return openServerFile(file, 'pdf', '海报下载失败，请检查网络后重试');
}
