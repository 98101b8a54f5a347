import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  formatDate, LEDGER_AUDIENCE_LABELS, LEDGER_LIMITS, type LedgerActivity, type LedgerAudience, type LedgerFileRef, type LedgerResponse,
  type MeResponse,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { ledgerApi } from '../ledger-api';
import { audienceFor, ledgerEditRequest, ledgerRequest, ledgerSchool, recordableDuties, type LedgerFormDraft } from '../ledger-form';
import '../staff-ledger.css';

const AUDIENCES: LedgerAudience[] = ['school', 'classes', 'staff'];

/** After recording: up to nine photos (the server removes their EXIF) and PDFs, then back to the ledger. */
function AddFiles(props: { activity: Pick<LedgerActivity, 'id' | 'heldOn'>; files?: LedgerFileRef[]; edited?: boolean }) {
  const [files, setFiles] = useState<LedgerFileRef[]>(props.files ?? []);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const photos = files.filter((f) => f.kind === 'photo').length;

  const send = async (path: string, name?: string) => {
    setBusy('正在上传…');
    setError(null);
    try {
      const f = await ledgerApi.addFile(props.activity.id, path, name);
      setFiles((list) => [...list, f]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const addPhotos = async () => {
    let paths: string[];
    try {
      const res = await Taro.chooseImage({ count: LEDGER_LIMITS.photosMax - photos, sizeType: ['compressed'], sourceType: process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'] });
      paths = res.tempFilePaths;
    } catch {
      return; // cancelled
    }
    for (const p of paths) await send(p);
  };
  const addPdfInWechat = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf'] });
      const f = res.tempFiles[0] as { path: string; name: string } | undefined;
      if (f) await send(f.path, f.name);
    } catch {
      // cancelled
    }
  };
  const onBrowserFile = (el: HTMLInputElement) => {
    const f = el.files?.[0];
    if (f) void send(URL.createObjectURL(f), f.name);
    el.value = '';
  };

  return (
    <View className='card ledger-added'>
      <Text className='title'>{props.edited ? '已保存修改' : '已记录'}</Text>
      <Text className='muted'>{props.activity.heldOn} 的记录已保存（录入时间以系统时间为准）。可以再添加照片（最多 {LEDGER_LIMITS.photosMax} 张，自动去除位置等信息）和 PDF 材料。</Text>
      {files.map((f) => <Text key={f.id} className='ledger-file'>{f.kind === 'photo' ? '照片' : 'PDF'}：{f.name}</Text>)}
      {busy && <Text className='muted'>{busy}</Text>}
      {error && <Text className='error-text'>{error}</Text>}
      <View className='btn-row'>
        <Button className='btn small ledger-add-photo' disabled={!!busy || photos >= LEDGER_LIMITS.photosMax || undefined} onClick={() => void addPhotos()}>添加照片</Button>
        {process.env.TARO_ENV === 'h5' ? (
          <View className='btn small ledger-add-pdf' onClick={() => input.current?.click()} {...a11y({ role: 'button', label: '添加 PDF' })}>
            添加 PDF
            <input ref={input} type='file' accept='application/pdf,.pdf' style={{ display: 'none' }} onChange={(e) => onBrowserFile(e.currentTarget)} />
          </View>
        ) : (
          <Button className='btn small' disabled={!!busy || undefined} onClick={() => void addPdfInWechat()}>添加 PDF</Button>
        )}
      </View>
      <Button className='btn primary ledger-done' disabled={!!busy || undefined} onClick={() => void Taro.navigateBack()}>完成</Button>
    </View>
  );
}

/**
 * 记录防欺凌工作: the duty (those the caller may record: a class teacher their class meetings and their own training),
 * the day, who led it, who it was for, how many came and a short description; then photos and PDFs. With `activityId`
 * (修改 on a record the caller may change): its day, leader, attendance and description, then more photos and PDFs.
 */
export function RecordBody(props: { me: MeResponse; schoolId?: string; dutyKey?: string; activityId?: string; now?: Date }) {
  const school = ledgerSchool(props.me, props.schoolId);
  const now = props.now ?? new Date();
  const [ledger, setLedger] = useState<LedgerResponse | null>(null);
  const [draft, setDraft] = useState<LedgerFormDraft>({ duty: null, heldOn: formatDate(now), leader: '', audience: 'school', classIds: [], teacherUserId: '', attendance: '', description: '' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const [saved, setSaved] = useState<LedgerActivity | null>(null);
  const [editing, setEditing] = useState<{ id: string } | null>(null);

  useEffect(() => {
    if (!school) return;
    ledgerApi.read(school.id).then((l) => {
      setLedger(l);
      const found = props.activityId ? l.duties.flatMap((d) => d.evidence.map((e) => ({ d, e }))).find((x) => x.e.activityId === props.activityId && x.e.editable) : null;
      if (found) {
        setEditing({ id: found.e.activityId! });
        setDraft((d) => ({ ...d, duty: found.d, heldOn: found.e.heldOn, leader: found.e.leader, audience: found.e.audience, attendance: String(found.e.attendance ?? 0), description: found.e.description }));
        return;
      }
      const duty = recordableDuties(l).find((d) => d.key === props.dutyKey) ?? null;
      if (duty) setDraft((d) => ({ ...d, duty, audience: audienceFor(duty), classIds: l.classes.length === 1 ? [l.classes[0].id] : [], teacherUserId: l.teachers.length === 1 ? l.teachers[0].id : '' }));
    }, (e) => setLoadError(errorText(e)));
  }, [school?.id]);

  if (!school) return <View className='card'><Text className='muted'>只有学校的教职工可以记录防欺凌工作。</Text></View>;
  if (saved) return <AddFiles activity={saved} files={saved.files} edited={!!editing} />;
  if (!ledger) return <View className='card'>{loadError ? <Text className='error-text'>{loadError}</Text> : <Text className='muted'>加载中…</Text>}</View>;
  const duties = recordableDuties(ledger);
  const set = (patch: Partial<LedgerFormDraft>) => setDraft({ ...draft, ...patch });
  const fixed = draft.duty && draft.duty.frequency !== 'semester' && draft.duty.frequency !== 'year' && draft.duty.frequency !== 'standing';
  const audience = fixed ? audienceFor(draft.duty) : draft.audience;
  const toggleClass = (id: string) => set({ classIds: draft.classIds.includes(id) ? draft.classIds.filter((c) => c !== id) : [...draft.classIds, id] });

  const submit = async () => {
    const now = new Date();
    const body = editing ? ledgerEditRequest(draft, now) : ledgerRequest({ ...draft, audience }, now);
    if (typeof body === 'string') return action.refuse(body);
    await action.run(async () => {
      setSaved(editing ? await ledgerApi.update(editing.id, body) : await ledgerApi.record(school.id, body as ReturnType<typeof ledgerRequest> & object));
    });
  };

  return (
    <View className='ledger-wide'>
      <View className='card'>
        <Text className='title'>{editing ? `修改记录：${draft.duty?.name ?? ''}` : '记录防欺凌工作'}</Text>
        {!editing && duties.length === 0 && <Text className='muted'>你没有可以记录的工作：班主任记录本班的主题班会和本人的培训。</Text>}
        {editing && <Text className='muted'>可修改日期、负责人、参加人数和说明；修改会记入审计日志。</Text>}
        {!editing && <Text className='field-label'>工作项目</Text>}
        {!editing && <View className='ledger-chips'>
          {duties.map((d) => (
            <Text key={d.key} className={`chip${draft.duty?.key === d.key ? ' on' : ''}`} onClick={() => set({ duty: d, audience: audienceFor(d) })} {...a11y({ role: 'radio', checked: draft.duty?.key === d.key, label: d.name })}>{d.name}</Text>
          ))}
        </View>}
        <Text className='field-label'>日期（如 2026-11-20）</Text>
        <Input className='input ledger-day' value={draft.heldOn} onInput={(e) => set({ heldOn: e.detail.value })} />
        <Text className='field-label'>负责人或主讲人</Text>
        <Input className='input ledger-leader' value={draft.leader} maxlength={LEDGER_LIMITS.leaderMax} placeholder='如：陈老师' onInput={(e) => set({ leader: e.detail.value })} />
        {!fixed && !editing && (
          <View>
            <Text className='field-label'>对象</Text>
            <View className='ledger-chips'>
              {AUDIENCES.map((a) => <Text key={a} className={`chip${audience === a ? ' on' : ''}`} onClick={() => set({ audience: a })} {...a11y({ role: 'radio', checked: audience === a, label: LEDGER_AUDIENCE_LABELS[a] })}>{LEDGER_AUDIENCE_LABELS[a]}</Text>)}
            </View>
          </View>
        )}
        {audience === 'classes' && !editing && (
          <View>
            <Text className='field-label'>班级（已选 {draft.classIds.length} 个）</Text>
            <View className='ledger-chips'>
              {ledger.classes.map((c) => <Text key={c.id} className={`chip${draft.classIds.includes(c.id) ? ' on' : ''}`} onClick={() => toggleClass(c.id)} {...a11y({ role: 'checkbox', checked: draft.classIds.includes(c.id), label: c.name })}>{c.name}</Text>)}
            </View>
          </View>
        )}
        {draft.duty?.frequency === 'teacher_3y' && !editing && (
          <View>
            <Text className='field-label'>参加培训的教师</Text>
            <View className='ledger-chips'>
              {ledger.teachers.map((t) => <Text key={t.id} className={`chip${draft.teacherUserId === t.id ? ' on' : ''}`} onClick={() => set({ teacherUserId: t.id })} {...a11y({ role: 'radio', checked: draft.teacherUserId === t.id, label: t.name })}>{t.name}</Text>)}
            </View>
          </View>
        )}
        <Text className='field-label'>参加人数</Text>
        <Input className='input ledger-attendance' type='number' value={draft.attendance} onInput={(e) => set({ attendance: e.detail.value })} />
        <Text className='field-label'>简要说明（最多 {LEDGER_LIMITS.descriptionMax} 字）</Text>
        <Textarea className='textarea ledger-description' value={draft.description} maxlength={LEDGER_LIMITS.descriptionMax} placeholder='做了什么、效果如何' onInput={(e) => set({ description: e.detail.value })} />
        <ActionError error={action.error} />
        <Button className='btn primary ledger-save' disabled={action.busy || undefined} onClick={() => void submit()}>{action.busy ? '正在保存…' : editing ? '保存修改' : '保存记录'}</Button>
      </View>
    </View>
  );
}

export default function LedgerRecordPage() {
  const { params } = useRouter();
  const pick = (v?: string) => (v ? decodeURIComponent(v) : undefined);
  return <Screen>{(me) => <RecordBody me={me} schoolId={pick(params?.schoolId)} dutyKey={pick(params?.duty)} activityId={pick(params?.activityId)} />}</Screen>;
}
