import type {
  CreateLedgerActivityRequest, CreateLedgerExportRequest, LedgerActivity, LedgerCatalogueResponse, LedgerDistrictResponse, LedgerExport,
  LedgerExportListResponse, LedgerFileRef, LedgerResponse, PutLedgerDutyRequest, UpdateLedgerActivityRequest,
} from '@anxin/shared';
import { api, apiUrl, request, upload } from '../../api/client';
import { openServerFile } from '../../api/save-file';
import { downloadWithSession } from '../../api/tips';

const enc = encodeURIComponent;

/** The work ledger (shared/src/api/ledger.ts): a school's ledger and activities, its exports, the district's side. */
export const ledgerApi = {
  read: (schoolId: string, semester?: string) => api.get<LedgerResponse>(`/schools/${enc(schoolId)}/ledger`, semester ? { semester } : {}),
  record: (schoolId: string, body: CreateLedgerActivityRequest) => api.post<LedgerActivity>(`/schools/${enc(schoolId)}/ledger/activities`, body),
  update: (id: string, body: UpdateLedgerActivityRequest) => request<LedgerActivity>('PATCH', `/ledger/activities/${enc(id)}`, { body }),
  /** A photo (JPEG/PNG; the server removes EXIF) or a PDF at `filePath`. */
  addFile: (activityId: string, filePath: string, fileName?: string) => upload<LedgerFileRef>(`/ledger/activities/${enc(activityId)}/files`, filePath, fileName, {}),
  /** A photo as a local file path for <Image> (an <Image> cannot send the session header). */
  photo: (fileId: string) => downloadWithSession(apiUrl(`/ledger/files/${enc(fileId)}`), '照片无法显示'),
  openPdf: (f: LedgerFileRef) => openServerFile({ url: apiUrl(`/ledger/files/${enc(f.id)}`), name: f.name }, 'pdf', '文件下载失败，请稍后再试'),
  exports: (schoolId: string) => api.get<LedgerExportListResponse>(`/schools/${enc(schoolId)}/ledger/exports`),
  requestExport: (schoolId: string, body: CreateLedgerExportRequest) => api.post<LedgerExport>(`/schools/${enc(schoolId)}/ledger/exports`, body),
  saveExport: (e: LedgerExport, kind: 'pdf' | 'xlsx', name: string) =>
    openServerFile({ url: apiUrl(`/ledger/exports/${enc(e.id)}/ledger.${kind}`), name: `${name}.${kind}` }, kind, '台账下载失败，请检查网络后重试'),
  district: (districtId: string, semester?: string) => api.get<LedgerDistrictResponse>(`/districts/${enc(districtId)}/ledger`, semester ? { semester } : {}),
  catalogue: (districtId: string) => api.get<LedgerCatalogueResponse>(`/districts/${enc(districtId)}/ledger/duties`),
  putDuty: (districtId: string, body: PutLedgerDutyRequest) => api.put<LedgerCatalogueResponse>(`/districts/${enc(districtId)}/ledger/duties`, body),
};

/** The pages of the work ledger. */
export const LEDGER_PAGES = {
  index: '/subpackages/staff-ledger/index/index',
  record: '/subpackages/staff-ledger/record/index',
  district: '/subpackages/district/ledger/index',
} as const;
