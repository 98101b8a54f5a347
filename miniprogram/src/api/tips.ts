import Taro from '@tarojs/taro';
import type {
  AckTipRequest, DistrictTipOverview, FollowupLoginResponse, ReopenTipRequest, SchoolResponse, OnwardReportRequest, ReporterMessageRequest, SubmitTipRequest, SubmitTipResponse,
  TipAttachmentUploadResponse, TipDetail, TipListQuery, TipListResponse, TipOnwardReport, TipStaffMessage, TipStatsResponse,
  TipThreadMessage, TipThreadResponse, UpdateTipRequest, TipAssigneeOption, ReporterViewSettings
} from '@anxin/shared';
import { ApiError, NETWORK_ERROR, api, apiUrl, clientConfig, request, toApiError, upload } from './client';
import { storage } from './storage';

/**
 * The tip box (shared/src/api/tips.ts). Reporter routes send the session when there is one (the server uses it
 * only for the hourly limit and for 教师转报); the follow-up routes never do: they carry the short-lived
 * follow-up token in `X-Followup-Token`, and a 401 there means "enter the receipt again", not "log in again".
 */

const enc = encodeURIComponent;
export const FOLLOWUP_TOKEN_HEADER = 'X-Followup-Token';

/** A request that never sends the session and never logs in again (follow-up routes). */
async function followupRequest<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
  const header: Record<string, string> = {};
  if (token) header[FOLLOWUP_TOKEN_HEADER] = token;
  if (method === 'POST') header['Content-Type'] = 'application/json';
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url: apiUrl(path),
      method,
      header,
      data: method === 'POST' ? (body ?? {}) : undefined,
      dataType: 'json',
      timeout: clientConfig.timeoutMs,
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试');
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;
  throw toApiError(res);
}

/** GET a file with the session header (Taro.downloadFile): the local path, or ApiError. */
export async function downloadWithSession(url: string, failText: string): Promise<string> {
  const token = storage.getToken();
  let res: { statusCode: number; tempFilePath: string };
  try {
    res = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} } as Taro.downloadFile.Option);
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '下载失败，请检查网络后重试');
  }
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, failText);
  return res.tempFilePath;
}

export const tipsApi = {
  // ---- the school's choice of what the reporter's 处理记录 shows (roles only, or names too)
  reporterView: (schoolId: string) => api.get<ReporterViewSettings>(`/schools/${enc(schoolId)}/reporter-view`),
  saveReporterView: (schoolId: string, body: ReporterViewSettings) => api.put<ReporterViewSettings>(`/schools/${enc(schoolId)}/reporter-view`, body),
  // ---- reporter
  submit: (body: SubmitTipRequest) => api.post<SubmitTipResponse>('/tips', body),
  /** One photo (JPEG/PNG ≤ 10 MB) for the school; the id goes into SubmitTipRequest.attachmentIds. */
  uploadPhoto: (schoolId: string, filePath: string) =>
    upload<TipAttachmentUploadResponse>('/tips/attachments', filePath, undefined, { schoolId }),
  followupLogin: (schoolId: string, receipt: string) =>
    followupRequest<FollowupLoginResponse>('POST', '/tips/followup', null, { schoolId, receipt }),
  thread: (token: string) => followupRequest<TipThreadResponse>('GET', '/tips/followup/thread', token),
  reply: (token: string, body: ReporterMessageRequest) =>
    followupRequest<TipThreadMessage>('POST', '/tips/followup/messages', token, body),

  // ---- staff
  list: (schoolId: string, query: TipListQuery = {}) =>
    api.get<TipListResponse>(`/schools/${enc(schoolId)}/tips`, { ...query }),
  stats: (schoolId: string) => api.get<TipStatsResponse>(`/schools/${enc(schoolId)}/tips/stats`),
  detail: (tipId: string) => api.get<TipDetail>(`/tips/${enc(tipId)}`),
  ack: (tipId: string, body: AckTipRequest = {}) => api.post<TipDetail>(`/tips/${enc(tipId)}/ack`, body),
  message: (tipId: string, body: string) => api.post<TipStaffMessage>(`/tips/${enc(tipId)}/messages`, { body }),
  update: (tipId: string, body: UpdateTipRequest) => request<TipDetail>('PATCH', `/tips/${enc(tipId)}`, { body }),
  report: (tipId: string, body: OnwardReportRequest) => api.post<TipOnwardReport>(`/tips/${enc(tipId)}/reports`, body),
  /** Opens a closed case again (a reason is required; audited). */
  reopen: (tipId: string, body: ReopenTipRequest) => api.post<TipDetail>(`/tips/${enc(tipId)}/reopen`, body),
  /** Colleagues the case can be handed over to (contact, principal, committee members). */
  assignees: (tipId: string) => api.get<TipAssigneeOption[]>(`/tips/${enc(tipId)}/assignees`),
  attachmentUrl: (tipId: string, attachmentId: string) => apiUrl(`/tips/${enc(tipId)}/attachments/${enc(attachmentId)}`),
  /**
   * The staff copy of a photo as a local file (an <Image> cannot send the session header). Each download is
   * recorded in the audit chain by the server.
   */
  downloadPhoto: (tipId: string, attachmentId: string) =>
    downloadWithSession(tipsApi.attachmentUrl(tipId, attachmentId), '照片无法显示'),
  /** The case ledger (台账, .xlsx) as a local file; never holds reporter identities. */
  downloadLedger: (schoolId: string) => downloadWithSession(apiUrl(`/schools/${enc(schoolId)}/tips.xlsx`), '台账导出失败'),
  /** A district officer picks one of the district's schools for its tip list (escalated cases only). */
  districtSchools: (districtId: string) => api.get<SchoolResponse[]>(`/districts/${enc(districtId)}/schools`),
  /** A district officer's home: the schools with their counts and the open cases escalated to the district. */
  districtOverview: (districtId: string) => api.get<DistrictTipOverview>(`/districts/${enc(districtId)}/tips/overview`),
};
