import type {
  GuardianPledgeDetail, GuardianPledgeListResponse, NewPledgeVersionRequest, OpenPledgeRequest, PledgeCompletionResponse,
  PledgeClassSignaturesResponse, PledgeListResponse, PledgeMissingResponse, PledgeRemindResponse, PledgeSignatureVerifyResponse, PledgeSignedCopy, PledgeStaffDetail,
  PledgeTemplateResponse,
  SignPledgeRequest, SignPledgeResponse,
} from '@anxin/shared';
import { api, apiUrl } from './client';
import { openServerFile } from './save-file';

const enc = encodeURIComponent;

/** The annual anti-bullying pledge (shared/src/api/pledges.ts): the guardian's side and the staff's. */
export const pledgesApi = {
  // ---- guardians
  /** One item per open pledge and bound child in its audience. */
  mine: () => api.get<GuardianPledgeListResponse>('/me/pledges'),
  /** The current version's text for this child (the student part for the child's grade), and what signing asks. */
  open: (id: string, studentId: string) => api.get<GuardianPledgeDetail>(`/me/pledges/${enc(id)}`, { studentId }),
  /** A retry with the same clientKey returns the same signature (never a second one). */
  sign: (id: string, body: SignPledgeRequest) => api.post<SignPledgeResponse>(`/pledges/${enc(id)}/signatures`, body),
  signedCopy: (id: string, signatureId: string) => api.get<PledgeSignedCopy>(`/me/pledges/${enc(id)}/signatures/${enc(signatureId)}`),
  /** The signed copy as a PDF made by the server: opened in WeChat (save, print, forward), downloaded in a browser. */
  saveSignedCopyPdf: (id: string, signatureId: string, name: string) =>
    openServerFile({ url: apiUrl(`/me/pledges/${enc(id)}/signatures/${enc(signatureId)}.pdf`), name }, 'pdf', 'PDF 下载失败，请检查网络后重试'),

  // ---- staff
  defaultTemplate: () => api.get<PledgeTemplateResponse>('/pledge-templates/default'),
  list: (schoolId: string) => api.get<PledgeListResponse>(`/schools/${enc(schoolId)}/pledges`),
  openPledge: (schoolId: string, body: OpenPledgeRequest) => api.post<PledgeStaffDetail>(`/schools/${enc(schoolId)}/pledges`, body),
  detail: (id: string) => api.get<PledgeStaffDetail>(`/pledges/${enc(id)}`),
  publishVersion: (id: string, body: NewPledgeVersionRequest) => api.post<PledgeStaffDetail>(`/pledges/${enc(id)}/versions`, body),
  completion: (id: string) => api.get<PledgeCompletionResponse>(`/pledges/${enc(id)}/completion`),
  missing: (id: string, classId: string) => api.get<PledgeMissingResponse>(`/pledges/${enc(id)}/classes/${enc(classId)}/missing`),
  /** The class's current signatures with their ids (查看PDF per child). */
  classSignatures: (id: string, classId: string) => api.get<PledgeClassSignaturesResponse>(`/pledges/${enc(id)}/classes/${enc(classId)}/signatures`),
  remind: (id: string, classId: string) => api.post<PledgeRemindResponse>(`/pledges/${enc(id)}/classes/${enc(classId)}/remind`),
  /** 台账: one row per child of the classes the caller may see. */
  saveLedger: (id: string, name: string) =>
    openServerFile({ url: apiUrl(`/pledges/${enc(id)}/ledger.xlsx`), name }, 'xlsx', '台账导出失败，请检查网络后重试'),
  /** One signed copy as PDF (staff view; the server audits it). */
  saveSignaturePdf: (id: string, signatureId: string, name: string) =>
    openServerFile({ url: apiUrl(`/pledges/${enc(id)}/signatures/${enc(signatureId)}.pdf`), name }, 'pdf', 'PDF 下载失败，请检查网络后重试'),
  /** Recomputes the signature's text hash and checks its record against the school's sealed audit chain. */
  verify: (id: string, signatureId: string) => api.get<PledgeSignatureVerifyResponse>(`/pledges/${enc(id)}/signatures/${enc(signatureId)}/verify`),
  /** Every signed copy of a class, zipped. */
  saveClassZip: (id: string, classId: string, name: string) =>
    openServerFile({ url: apiUrl(`/pledges/${enc(id)}/classes/${enc(classId)}/signatures.zip`), name }, 'zip', '下载失败，请检查网络后重试'),
};
