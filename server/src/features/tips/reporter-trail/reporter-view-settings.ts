import type { ReporterViewSettings } from '@anxin/shared';

/** The school's choice, kept in `schools.settings.reporterView`; anything missing or malformed means roles only. */
export function reporterViewOf(settings: Record<string, unknown> | null): ReporterViewSettings {
  const raw = settings?.reporterView as { showStaffNames?: unknown } | undefined;
  return { showStaffNames: raw?.showStaffNames === true };
}
