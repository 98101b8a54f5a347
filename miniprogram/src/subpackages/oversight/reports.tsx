import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import {
  formatDate, formatDateTime, REPORT_LIMITS, SEMESTER_REPORT_STATUS_LABELS, type SemesterOption, type SemesterReport, type SemesterReportScope,
} from '@anxin/shared';
import { errorText } from '../../api/client';
import { reportsApi } from '../../api/reports';
import { usePolledJobs } from '../../components/polled-jobs';

const statusText = (r: SemesterReport) => (r.status === 'running' ? `${SEMESTER_REPORT_STATUS_LABELS.running} ${r.progress}%` : SEMESTER_REPORT_STATUS_LABELS[r.status]);

/**
 * 学期报告 on a dashboard: asks for the report of the semester the dashboard shows (生成本学期报告 when it is the
 * current one), lists the school's or district's reports with their status and progress (read again every few
 * seconds while one is being made), and opens a ready one's 表格 (xlsx) or PDF.
 */
export function SemesterReports(props: { scope: SemesterReportScope; scopeId: string; name: string; semester: string; semesters: SemesterOption[] }) {
  const { items, error, setError, reload: load } = usePolledJobs(() => reportsApi.list(props.scope, props.scopeId), [props.scope, props.scopeId]);
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      await reportsApi.request(props.scope, props.scopeId, { semester: props.semester });
      load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (r: SemesterReport, kind: 'xlsx' | 'pdf') => {
    setError(null);
    reportsApi.save(r, kind, `${props.name}${r.semesterLabel}学期报告`).catch((e) => setError(errorText(e)));
  };
  const current = props.semesters[0]?.key === props.semester;

  return (
    <View className='card od-section od-reports'>
      <Text className='subtitle'>学期报告</Text>
      <Text className='muted od-note'>生成后保留 {REPORT_LIMITS.keepDays} 天：表格为学期数据台账，PDF 为带图表的摘要。</Text>
      <View className='btn-row'>
        <Button className='btn small primary' disabled={busy || undefined} onClick={() => void ask()}>{busy ? '正在提交…' : current ? '生成本学期报告' : '生成所选学期报告'}</Button>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {items && items.length === 0 && <Text className='muted od-note'>还没有生成过报告。</Text>}
      {items?.map((r) => (
        <View key={r.id} className='od-report'>
          <Text className='od-report-title'>{r.semesterLabel}</Text>
          <Text className={`od-report-status ${r.status}`}>{statusText(r)}</Text>
          <Text className='muted od-report-time'>{formatDateTime(r.createdAt)} 申请 · 保留至 {formatDate(r.expiresAt)}</Text>
          {r.status === 'ready' && (
            <View className='btn-row'>
              <Button className='btn small' onClick={() => save(r, 'xlsx')}>下载表格</Button>
              <Button className='btn small' onClick={() => save(r, 'pdf')}>下载 PDF</Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
