import Taro from '@tarojs/taro';
import { browserDownload } from './save-file';
import { ApiError, NETWORK_ERROR, apiUrl, login, toApiError } from './client';
import { storage } from './storage';

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
export async function openPoster(file: { url: string; name: string }): Promise<void> {
  let failure = await attempt(file);
  if (failure?.statusCode === 401) {
    await login();
    failure = await attempt(file);
  }
  if (failure) throw toApiError(failure);
}

type Failure = { statusCode: number; data: unknown } | null;

async function attempt(file: { url: string; name: string }): Promise<Failure> {
  const token = storage.getToken();
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.downloadFile({ url: file.url, header } as Taro.downloadFile.Option);
      if (res.statusCode === 200) {
        await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
        return null;
      }
      // An error answer is saved as the "file": its JSON carries the reason.
      let data: unknown = null;
      try {
        data = Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8');
      } catch {
        // the status alone says enough
      }
      return { statusCode: res.statusCode, data };
    }
    const res = await fetch(file.url, { headers: header });
    if (!res.ok) return { statusCode: res.status, data: await res.text().catch(() => null) };
    const href = URL.createObjectURL(await res.blob());
    browserDownload(href, file.name);
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return null;
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '海报下载失败，请检查网络后重试');
  }
}
