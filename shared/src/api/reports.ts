import type { IsoDateTime } from './common';

/** Semester reports (学期报告): a school's or a district's semester as an xlsx 台账 and a PDF summary, made in the background. */
export const REPORT_LIMITS = {
  /** A report's files are kept this many days after it was asked for, then deleted. */
  keepDays: 7,
  /** At most this many reports are listed (the newest first). */
  listMax: 50,
} as const;

export type SemesterReportScope = 'school' | 'district';
export type SemesterReportStatus = 'queued' | 'running' | 'ready' | 'failed';

export const SEMESTER_REPORT_STATUS_LABELS: Record<SemesterReportStatus, string> = {
  queued: '排队中',
  running: '生成中',
  ready: '已生成',
  failed: '生成失败',
};

export interface SemesterReport {
  id: string;
  scope: SemesterReportScope;
  /** The school's or the district's id. */
  scopeId: string;
  semester: string;
  semesterLabel: string;
  status: SemesterReportStatus;
  /** 0–100. */
  progress: number;
  /** Whether its counts are exact (a school's case handlers) or small counts are '<3'. */
  exact: boolean;
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime;
}

/** `POST /schools/{id}/reports`, `POST /districts/{id}/reports`: the semester (default: the current one). */
export interface CreateSemesterReportRequest {
  semester?: string;
}

export interface SemesterReportListResponse {
  items: SemesterReport[];
}
