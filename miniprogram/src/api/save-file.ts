import Taro from '@tarojs/taro';
import { ApiError, NETWORK_ERROR, login, toApiError } from './client';
import { storage } from './storage';

/** h5: hands `href` (a blob URL or a downloaded file's path) to the browser as a download named `fileName`. */
export function browserDownload(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * A downloaded spreadsheet (the temp path `downloadFile` gave): on h5 the browser saves it as `fileName`; in WeChat it
 * opens in the document viewer, whose menu saves or forwards it.
 */
export async function openSpreadsheet(path: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') browserDownload(path, fileName);
  else await Taro.openDocument({ filePath: path, fileType: 'xlsx', showMenu: true });
}

/** A file the server makes for a signed-in user (a PDF, a spreadsheet, a zip), and the name it is saved under. */
export interface ServerFile {
  url: string;
  name: string;
}

type FileKind = 'pdf' | 'xlsx' | 'zip' | 'json';
type Failure = { statusCode: number; data: unknown } | null;

/**
 * Gets a file with the session and hands it to the user: in WeChat a PDF or spreadsheet opens in the document viewer
 * (its menu prints, saves or forwards it) and a zip or JSON file, which WeChat cannot open, is sent to a chat (文件传输助手 gets it
 * to a computer); the browser saves any of them as `file.name`. A 401 logs in again once; a refusal keeps the server's
 * message (ApiError); no answer at all is `failText`.
 */
export async function openServerFile(file: ServerFile, kind: FileKind, failText: string): Promise<void> {
  let failure = await fetchOnce(file, kind, failText);
  if (failure?.statusCode === 401) {
    await login();
    failure = await fetchOnce(file, kind, failText);
  }
  if (failure) throw toApiError(failure);
}

async function fetchOnce(file: ServerFile, kind: FileKind, failText: string): Promise<Failure> {
  const token = storage.getToken();
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.downloadFile({ url: file.url, header } as Taro.downloadFile.Option);
      if (res.statusCode === 200) {
        if (kind === 'zip' || kind === 'json') await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName: file.name });
        else await Taro.openDocument({ filePath: res.tempFilePath, fileType: kind, showMenu: true });
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
    throw new ApiError(0, NETWORK_ERROR, failText);
  }
}
