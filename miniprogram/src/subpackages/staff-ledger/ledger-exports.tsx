import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDate, formatDateTime, LEDGER_EXPORT_STATUS_LABELS, LEDGER_LIMITS, type LedgerExport } from '@anxin/shared';
import { errorText } from '../../api/client';
import { usePolledJobs } from '../../components/polled-jobs';
import { ledgerApi } from './ledger-api';

const statusText = (e: LedgerExport) => (e.status === 'running' ? `${LEDGER_EXPORT_STATUS_LABELS.running} ${e.progress}%` : LEDGER_EXPORT_STATUS_LABELS[e.status]);

/**
 * 导出督导检查材料: asks for the semester's PDF (cover, contents, a section per duty with photos) and xlsx index, lists
 * the school's exports with their progress (read again every few seconds while one is being made), and opens a ready one.
 */
export function LedgerExports(props: { schoolId: string; schoolName: string; semester: string }) {
  const { items, error, setError, reload: load } = usePolledJobs(() => ledgerApi.exports(props.schoolId), [props.schoolId]);
  const [busy, setBusy] = useState(false);

  const ask = async () => {
    setBusy(true);
    setError(null);
    try {
      await ledgerApi.requestExport(props.schoolId, { semester: props.semester });
      load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: LedgerExport, kind: 'pdf' | 'xlsx') => {
    setError(null);
    ledgerApi.saveExport(e, kind, `${props.schoolName}${e.semesterLabel}防治欺凌工作台账`).catch((x) => setError(errorText(x)));
  };

  return (
    <View className='card ledger-exports'>
      <Text className='subtitle'>督导检查材料</Text>
      <Text className='muted'>生成所选学期的 PDF（封面、目录、每项工作的记录和照片）和 Excel 索引，保留 {LEDGER_LIMITS.exportKeepDays} 天。</Text>
      <Button className='btn small primary' disabled={busy || undefined} onClick={() => void ask()}>{busy ? '正在提交…' : '生成督导检查材料'}</Button>
      {error && <Text className='error-text'>{error}</Text>}
      {items?.map((e) => (
        <View key={e.id} className='ledger-export'>
          <Text className='ledger-export-title'>{e.semesterLabel}</Text>
          <Text className={`ledger-export-status ${e.status}`}>{statusText(e)}</Text>
          <Text className='muted'>{formatDateTime(e.createdAt)} 申请 · 保留至 {formatDate(e.expiresAt)}</Text>
          {e.status === 'ready' && (
            <View className='btn-row'>
              <Button className='btn small' onClick={() => save(e, 'pdf')}>下载 PDF</Button>
              <Button className='btn small' onClick={() => save(e, 'xlsx')}>下载 Excel 索引</Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
