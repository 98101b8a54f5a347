import type { RosterImportReport } from '@anxin/shared';
import { ApiError, upload } from './client';

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
