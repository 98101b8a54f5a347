import type {
  ChildDataOfficer, CorrectBindingRequest, DeleteAccountRequest, DeleteAccountResponse, GiveConsentAgainRequest, MeStudent, MyDataResponse,
  SetChildDataOfficerRequest, UpdateProfileRequest,
} from '@anxin/shared';
import { api, apiUrl, request } from './client';
import { openServerFile } from './save-file';

const enc = encodeURIComponent;

/** 我的数据 and the privacy policies (server/src/features/privacy). */
export const privacyApi = {
  myData: () => api.get<MyDataResponse>('/me/data'),
  /** The JSON file (WeChat: sent to a chat, e.g. 文件传输助手) or the spreadsheet (opens in the document viewer). */
  download: (kind: 'json' | 'xlsx') =>
    openServerFile({ url: apiUrl(`/me/data.${kind}`), name: `我的数据.${kind}` }, kind, '下载失败，请检查网络后重试'),
  updateProfile: (body: UpdateProfileRequest) => request<{ displayName: string }>('PATCH', '/me/profile', { body }),
  correctRelation: (bindingId: string, body: CorrectBindingRequest) => request<MeStudent>('PATCH', `/me/bindings/${enc(bindingId)}`, { body }),
  withdrawConsent: (bindingId: string) => api.post<MeStudent>(`/me/bindings/${enc(bindingId)}/withdraw-consent`),
  consentAgain: (bindingId: string, body: GiveConsentAgainRequest) => api.post<MeStudent>(`/me/bindings/${enc(bindingId)}/consent`, body),
  deleteAccount: (body: DeleteAccountRequest) => api.post<DeleteAccountResponse>('/me/account/delete', body),
  myOfficers: () => api.get<ChildDataOfficer[]>('/me/child-data-officers'),
  officer: (schoolId: string) => api.get<ChildDataOfficer>(`/schools/${enc(schoolId)}/child-data-officer`),
  setOfficer: (schoolId: string, body: SetChildDataOfficerRequest) => api.put<ChildDataOfficer>(`/schools/${enc(schoolId)}/child-data-officer`, body),
};
