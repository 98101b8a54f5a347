import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  formatDateTime, LEDGER_AUDIENCE_LABELS, LEDGER_FREQUENCY_LABELS, LEDGER_SOURCE_LABELS, LEDGER_STATUS_LABELS, LEDGER_STATUSES,
  type LedgerDutyRow, type LedgerEvidence, type LedgerResponse, type MeResponse,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { openPage } from '../../../routes';
import { LEDGER_PAGES, ledgerApi } from '../ledger-api';
import { LedgerExports } from '../ledger-exports';
import { ledgerSchool, recordableDuties } from '../ledger-form';
import { LedgerPhoto } from '../ledger-photo';
import '../staff-ledger.css';

function Evidence(props: { e: LedgerEvidence; schoolId: string }) {
  const { e } = props;
  return (
    <View className='ledger-evidence'>
      <Text className='ledger-evidence-head'>{e.heldOn}{'\u3000'}{e.title}{e.source ? `（自动：${LEDGER_SOURCE_LABELS[e.source]}）` : ''}</Text>
      {e.activityId && (
        <Text className='muted'>
          {[e.leader && `负责人：${e.leader}`, `对象：${LEDGER_AUDIENCE_LABELS[e.audience]}${e.classNames.length ? `（${e.classNames.join('、')}）` : ''}`,
            e.teacherName && `教师：${e.teacherName}`, e.attendance !== null && `${e.attendance} 人参加`].filter(Boolean).join('\u3000')}
        </Text>
      )}
      <Text className='ledger-evidence-text'>{e.description}</Text>
      {e.files.some((f) => f.kind === 'photo') && (
        <View className='ledger-photos'>{e.files.filter((f) => f.kind === 'photo').map((f) => <LedgerPhoto key={f.id} fileId={f.id} name={f.name} />)}</View>
      )}
      {e.files.filter((f) => f.kind === 'pdf').map((f) => (
        <Text key={f.id} className='link-text' onClick={() => void ledgerApi.openPdf(f).catch(() => undefined)} {...a11y({ role: 'link', label: f.name })}>{f.name}</Text>
      ))}
      <Text className='muted ledger-recorded'>
        {e.recordedBy !== null ? `${e.recordedBy || '—'} 录入于 ${formatDateTime(e.recordedAt)}${e.updatedAt ? `，${formatDateTime(e.updatedAt)} 修改` : ''}` : `系统记录于 ${formatDateTime(e.recordedAt)}`}
      </Text>
      {e.link && <Text className='link-text' onClick={() => void openPage(e.link!)} {...a11y({ role: 'link', label: '查看原记录' })}>查看原记录 ›</Text>}
      {e.editable && e.activityId && (
        <Text className='link-text ledger-edit' onClick={() => void openPage(`${LEDGER_PAGES.record}?schoolId=${encodeURIComponent(props.schoolId)}&activityId=${encodeURIComponent(e.activityId!)}`)} {...a11y({ role: 'link', label: '修改这条记录或添加照片' })}>修改 / 添加照片 ›</Text>
      )}
    </View>
  );
}

function Duty(props: { d: LedgerDutyRow; schoolId: string; canRecord: boolean }) {
  const { d } = props;
  const [open, setOpen] = useState(d.status !== 'done');
  return (
    <View className={`card ledger-duty status-${d.status}`}>
      <View className='ledger-duty-head' onClick={() => setOpen(!open)} {...a11y({ role: 'button', label: `${d.name}，${LEDGER_STATUS_LABELS[d.status]}${open ? '（点击收起）' : '（点击展开）'}` })}>
        <Text className={`tag ledger-status ${d.status}`}>{LEDGER_STATUS_LABELS[d.status]}</Text>
        <Text className='ledger-duty-name'>{d.name}</Text>
        <Text className='muted'>{LEDGER_FREQUENCY_LABELS[d.frequency]} · 已完成 {d.covered}/{d.required} · 截止 {d.dueOn}</Text>
      </View>
      {open && (
        <View>
          <Text className='muted'>适用对象：{d.appliesTo}；佐证材料：{d.evidenceText}</Text>
          {d.missing.length > 0 && <Text className='ledger-missing'>尚未完成：{d.missing.join('、')}</Text>}
          {d.evidence.length === 0 && <Text className='muted'>本学期还没有记录。</Text>}
          {d.evidence.map((e, i) => <Evidence key={e.activityId ?? `${e.source}-${i}`} e={e} schoolId={props.schoolId} />)}
          {props.canRecord && (
            <Button className='btn small primary' onClick={() => void openPage(`${LEDGER_PAGES.record}?schoolId=${encodeURIComponent(props.schoolId)}&duty=${encodeURIComponent(d.key)}`)}>记录这项工作</Button>
          )}
        </View>
      )}
    </View>
  );
}

/**
 * 防治欺凌工作台账: the school's duties of a semester with their status (已完成 / 部分完成 / 待完成 / 已逾期), each with
 * its evidence (records staff made, with photos and files, and what Anxin recorded by itself); 记录这项工作 for the
 * duties the caller may record; the inspection export for those who may export.
 */
export function LedgerBody(props: { me: MeResponse; schoolId?: string }) {
  const school = ledgerSchool(props.me, props.schoolId);
  const [semester, setSemester] = useState<string | undefined>(undefined);
  const [data, setData] = useState<LedgerResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (key?: string) => {
    if (!school) return;
    ledgerApi.read(school.id, key).then((r) => { setData(r); setError(null); }, (e) => setError(errorText(e)));
  };
  useOnShow(() => load(semester));

  if (!school) return <View className='card'><Text className='muted'>工作台账由学校的校长、管理员、欺凌防治负责人和教师使用。</Text></View>;
  const recordable = new Set(data ? recordableDuties(data).map((d) => d.key) : []);
  return (
    <View className='ledger-wide'>
      <View className='card'>
        <Text className='title'>防治欺凌工作台账</Text>
        <Text className='muted'>{school.name}：每学期要做的防欺凌工作、做了什么、谁记录的。督导检查时可导出 PDF 和 Excel。</Text>
        {data && (
          <View className='ledger-semesters'>
            {data.semesters.map((s) => (
              <Text key={s.key} className={`chip${s.key === data.semester ? ' on' : ''}`} onClick={() => { setSemester(s.key); load(s.key); }} {...a11y({ role: 'radio', checked: s.key === data.semester, label: s.label })}>{s.label}</Text>
            ))}
          </View>
        )}
        {data && (
          <View className='ledger-counts'>
            {LEDGER_STATUSES.map((s) => <Text key={s} className={`ledger-count ${s}`}>{LEDGER_STATUS_LABELS[s]} {data.counts[s]}</Text>)}
          </View>
        )}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!data && !error && <Text className='muted center'>加载中…</Text>}
      <View className='ledger-grid'>
        {data?.duties.map((d) => <Duty key={`${data.semester}-${d.key}`} d={d} schoolId={data.schoolId} canRecord={recordable.has(d.key)} />)}
      </View>
      {data?.canExport && <LedgerExports schoolId={data.schoolId} schoolName={data.schoolName} semester={data.semester} />}
    </View>
  );
}

export default function LedgerPage() {
  const schoolId = useRouter().params?.schoolId;
  return <Screen>{(me) => <LedgerBody me={me} schoolId={schoolId ? decodeURIComponent(schoolId) : undefined} />}</Screen>;
}
