import type { CreateSemesterReportRequest, SemesterReport, SemesterReportListResponse, SemesterReportScope } from '@anxin/shared';
import { api, apiUrl } from './client';
import { openServerFile } from './save-file';

const enc = encodeURIComponent;
const base = (scope: SemesterReportScope, id: string) => `/${scope === 'school' ? 'schools' : 'districts'}/${enc(id)}/reports`;

/** Semester reports (shared/src/api/reports.ts): asked for, listed, and their files once the server made them. */
export const reportsApi = {
  list: (scope: SemesterReportScope, id: string) => api.get<SemesterReportListResponse>(base(scope, id)),
  request: (scope: SemesterReportScope, id: string, body: CreateSemesterReportRequest) => api.post<SemesterReport>(base(scope, id), body),
  /** 表格 (xlsx) or PDF: opened in WeChat's document viewer (save, print, forward), downloaded in a browser. */
  save: (report: SemesterReport, kind: 'xlsx' | 'pdf', name: string) =>
    openServerFile({ url: apiUrl(`/reports/${enc(report.id)}/report.${kind}`), name: `${name}.${kind}` }, kind, '报告下载失败，请检查网络后重试'),
};
