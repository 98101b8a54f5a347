import type { RosterImportReport } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { browserDownload } from './save-file';
import { ApiError, NETWORK_ERROR, apiUrl, login, upload } from './client';
import { storage } from './storage';

/**
 * POST /schools/{id}/roster (multipart `file`, `dryRun`). An invalid file answers 422 ROSTER_INVALID with the
 * report in `details`: that is a normal outcome here (the page shows the rows), so it resolves with the report.
 */
export async function uploadRoster(schoolId: string, filePath: string, fileName: string | undefined, dryRun: boolean): Promise<RosterImportReport> {
  try {
    return await upload<RosterImportReport>(`/schools/${encodeURIComponent(schoolId)}/roster`, filePath, fileName, { dryRun: String(dryRun) });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'ROSTER_INVALID' && isReport(e.details)) return e.details;
    throw e;
  }
}

function isReport(x: unknown): x is RosterImportReport {
  return !!x && typeof x === 'object' && Array.isArray((x as RosterImportReport).problems) && typeof (x as RosterImportReport).rowsRead === 'number';
}

const TEMPLATE_NAME = '学生名单模板.xlsx';

/**
 * The school's roster template (GET /schools/{id}/roster/template.xlsx, staff only, so it needs the token):
 * WeChat downloads it and opens it (forward it to a computer from there); the browser saves it.
 */
export async function downloadRosterTemplate(schoolId: string): Promise<void> {
  const url = apiUrl(`/schools/${encodeURIComponent(schoolId)}/roster/template.xlsx`);
  const attempt = async (): Promise<number> => {
    const token = storage.getToken();
    const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    if (process.env.TARO_ENV === 'weapp') {
      const res = await Taro.downloadFile({ url, header });
      if (res.statusCode === 200) await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
      return res.statusCode;
    }
    const res = await fetch(url, { headers: header });
    if (res.ok) {
      const href = URL.createObjectURL(await res.blob());
      browserDownload(href, TEMPLATE_NAME);
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    }
    return res.status;
  };
  let status: number;
  try {
    status = await attempt();
    if (status === 401) {
      await login();
      status = await attempt();
    }
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试');
  }
  if (status !== 200) throw new ApiError(status, `HTTP_${status}`, status === 403 ? '没有权限下载模板' : '模板下载失败，请稍后再试');
}
