import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  URGENT_CONTACT_KIND_LABELS, URGENT_CONTACT_KINDS, URGENT_LIMITS, URGENT_STEP_MINUTES_DEFAULT, type MeResponse, type UrgentSettings,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { fieldProblems, urgentApi } from '../../../api/urgent';
import { a11y } from '../../../a11y';
import { Screen, toast } from '../../../components/Screen';
import { managedSchoolId } from '../managed-school';
import { move, newContact, newShift, rowsOf, settingsRequest, type ContactRow, type ShiftRow } from './urgent-form';
import './urgent.css';

const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'];

function FieldError(props: { text?: string }) {
  return props.text ? <Text className='field-error'>{props.text}</Text> : null;
}

/** A phone input: a saved phone is shown masked; typing replaces it (sent in full). */
function PhoneField(props: { row: { phone: string; phoneMasked: string | null }; error?: string; onInput: (v: string) => void }) {
  const { row } = props;
  return (
    <View className='field'>
      <Text className='label'>电话</Text>
      {row.phoneMasked && !row.phone && <Text className='muted urgent-phone-masked'>已保存：{row.phoneMasked}（如需更换，在下面输入新号码）</Text>}
      <Input
        className='input urgent-phone-input' type='text' value={row.phone} maxlength={URGENT_LIMITS.phoneMax}
        placeholder={row.phoneMasked ? '输入新号码以更换' : '手机号或座机号（如 0571-87654321）'} onInput={(e) => props.onInput(e.detail.value)}
      />
      <FieldError text={props.error} />
    </View>
  );
}

/**
 * 工作台 → 紧急呼叫设置 (school admin, principal): the minutes between call-down steps, the urgent list in call order
 * and the duty roster (值班表). Saved with one PUT of the whole list and roster; the server's plain statements (SMS and
 * voice not configured, no roster, no list) are shown at the top, and each validation problem beside its field.
 */
export function UrgentSettingsBody(props: { me: MeResponse }) {
  const schoolId = managedSchoolId(props.me);
  const [loaded, setLoaded] = useState<UrgentSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [step, setStep] = useState(String(URGENT_STEP_MINUTES_DEFAULT));
  const [contacts, setContacts] = useState<ContactRow[]>([]);
  const [shifts, setShifts] = useState<ShiftRow[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (s: UrgentSettings) => {
    setLoaded(s);
    setStep(String(s.stepMinutes));
    const rows = rowsOf(s);
    setContacts(rows.contacts);
    setShifts(rows.shifts);
  };
  useEffect(() => {
    if (!schoolId) return;
    urgentApi.settings(schoolId).then(show, (e) => setLoadError(errorText(e)));
  }, [schoolId]);

  const setContact = (i: number, over: Partial<ContactRow>) => setContacts((l) => l.map((c, j) => (j === i ? { ...c, ...over } : c)));
  const setShift = (i: number, over: Partial<ShiftRow>) => setShifts((l) => l.map((s, j) => (j === i ? { ...s, ...over } : s)));

  const save = async () => {
    if (!schoolId) return;
    const minutes = Number(step);
    if (!Number.isInteger(minutes) || minutes < URGENT_LIMITS.stepMinutesMin || minutes > URGENT_LIMITS.stepMinutesMax) {
      setProblems({ stepMinutes: `请填写 ${URGENT_LIMITS.stepMinutesMin}–${URGENT_LIMITS.stepMinutesMax} 之间的整数` });
      return;
    }
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      show(await urgentApi.saveSettings(schoolId, settingsRequest(minutes, contacts, shifts)));
      toast('已保存', 'success');
    } catch (e) {
      setError(errorText(e));
      setProblems(fieldProblems(e));
    } finally {
      setBusy(false);
    }
  };

  if (!schoolId) return <Text className='muted'>只有学校管理员和校长可以设置紧急呼叫。</Text>;
  if (loadError) return <Text className='error-text'>{loadError}</Text>;
  if (!loaded) return <Text className='muted center'>加载中…</Text>;
  return (
    <View className='urgent-settings'>
      {loaded.notices.map((n) => <Text key={n} className='notice urgent-notice'>{n}</Text>)}
      {!loaded.districtDutyConfigured && <Text className='muted'>区县尚未设置值班电话：名单呼叫完后不会再呼叫区县。</Text>}

      <View className='card'>
        <Text className='title'>紧急呼叫</Text>
        <Text className='muted'>
          {'举报人勾选「我现在有危险」或「仍在发生」，或老师标记为紧急时，会按下面的顺序依次发短信、打电话，直到有人受理。短信和电话只说「安心家校紧急举报，请立即处理」，不含举报内容。'}
        </Text>
        <View className='field'>
          <Text className='label'>每一步间隔（分钟）</Text>
          <Input className='input urgent-step-input' type='number' value={step} onInput={(e) => setStep(e.detail.value)} />
          <FieldError text={problems.stepMinutes} />
        </View>
      </View>

      <View className='card'>
        <Text className='subtitle'>紧急呼叫名单（按呼叫顺序）</Text>
        {contacts.length === 0 && <Text className='muted'>名单为空</Text>}
        {contacts.map((c, i) => (
          <View key={c.key} className='urgent-row urgent-contact'>
            <Text className='urgent-order'>第 {i + 1} 位</Text>
            <View className='choice-list'>
              {URGENT_CONTACT_KINDS.map((k) => (
                <View key={k} {...a11y({ role: 'button' })} className={`choice${c.kind === k ? ' selected' : ''}`} onClick={() => setContact(i, { kind: k })}>
                  {URGENT_CONTACT_KIND_LABELS[k]}
                </View>
              ))}
            </View>
            <View className='field'>
              <Text className='label'>姓名</Text>
              <Input className='input urgent-name-input' value={c.name} maxlength={URGENT_LIMITS.nameMax} placeholder='例如 张老师' onInput={(e) => setContact(i, { name: e.detail.value })} />
              <FieldError text={problems[`contacts.${i}.name`]} />
            </View>
            <PhoneField row={c} error={problems[`contacts.${i}.phone`]} onInput={(v) => setContact(i, { phone: v })} />
            <View className='urgent-row-actions'>
              <Button className='btn small' disabled={i === 0 || undefined} onClick={() => setContacts((l) => move(l, i, -1))}>上移</Button>
              <Button className='btn small' disabled={i === contacts.length - 1 || undefined} onClick={() => setContacts((l) => move(l, i, 1))}>下移</Button>
              <Button className='btn small danger' onClick={() => setContacts((l) => l.filter((_, j) => j !== i))}>移除</Button>
            </View>
          </View>
        ))}
        {contacts.length < URGENT_LIMITS.contactsMax && (
          <Button className='btn small urgent-add-contact' onClick={() => setContacts((l) => [...l, newContact()])}>添加一位</Button>
        )}
      </View>

      <View className='card'>
        <Text className='subtitle'>值班表</Text>
        <Text className='muted'>值班时间内的紧急举报先呼叫值班人员。结束时间早于开始时间表示跨夜（如 18:00–08:00）。节假日可以填具体日期代替星期。</Text>
        {shifts.length === 0 && <Text className='muted'>还没有值班安排</Text>}
        {shifts.map((s, i) => (
          <View key={s.key} className='urgent-row urgent-shift'>
            <View className='field'>
              <Text className='label'>值班人</Text>
              <Input className='input urgent-name-input' value={s.name} maxlength={URGENT_LIMITS.nameMax} placeholder='例如 李老师' onInput={(e) => setShift(i, { name: e.detail.value })} />
              <FieldError text={problems[`roster.${i}.name`]} />
            </View>
            <PhoneField row={s} error={problems[`roster.${i}.phone`]} onInput={(v) => setShift(i, { phone: v })} />
            <View className='field'>
              <Text className='label'>星期（从这一天开始值班）</Text>
              <View className='choice-list'>
                {WEEKDAY_LABELS.map((label, d) => (
                  <View
                    key={label} {...a11y({ role: 'button' })} className={`choice urgent-weekday${s.weekdays.includes(d + 1) ? ' selected' : ''}`}
                    onClick={() => setShift(i, { weekdays: s.weekdays.includes(d + 1) ? s.weekdays.filter((x) => x !== d + 1) : [...s.weekdays, d + 1] })}
                  >
                    周{label}
                  </View>
                ))}
              </View>
              <FieldError text={problems[`roster.${i}.weekdays`]} />
            </View>
            <View className='field'>
              <Text className='label'>或具体日期（节假日）</Text>
              <Input className='input urgent-date-input' value={s.date} placeholder='如 2026-10-01，不填则按星期' onInput={(e) => setShift(i, { date: e.detail.value })} />
              <FieldError text={problems[`roster.${i}.date`]} />
            </View>
            <View className='field urgent-times'>
              <Text className='label'>从</Text>
              <Input className='input urgent-start-input' value={s.start} placeholder='18:00' onInput={(e) => setShift(i, { start: e.detail.value })} />
              <Text className='label'>到</Text>
              <Input className='input urgent-end-input' value={s.end} placeholder='08:00' onInput={(e) => setShift(i, { end: e.detail.value })} />
              <FieldError text={problems[`roster.${i}.start`] ?? problems[`roster.${i}.end`]} />
            </View>
            <Button className='btn small danger' onClick={() => setShifts((l) => l.filter((_, j) => j !== i))}>删除这班</Button>
          </View>
        ))}
        {shifts.length < URGENT_LIMITS.shiftsMax && (
          <Button className='btn small urgent-add-shift' onClick={() => setShifts((l) => [...l, newShift()])}>添加值班</Button>
        )}
      </View>

      {error && <Text className='error-text urgent-save-error'>{error}</Text>}
      <Button className='btn primary' disabled={busy || undefined} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function UrgentSettingsPage() {
  return <Screen>{(me) => <UrgentSettingsBody me={me} />}</Screen>;
}
