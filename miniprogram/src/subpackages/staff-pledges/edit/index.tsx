import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  PLEDGE_AUTO_REMIND_DAYS_BEFORE, PLEDGE_LIMITS, PLEDGE_TEXT_PART_LABELS, PLEDGE_YOUNG_GRADE_MAX,
  type MeResponse, type PledgeTextPart,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { schoolsApi } from '../../../api/schools';
import { PledgeTextView } from '../../../components/PledgeTextView';
import { Screen, toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { ROUTES } from '../../../routes';
import {
  PART_MAX, addDays, openForm, schoolYearChoices, shanghaiToday, studentFromGradeText, toOpenRequest, toVersionRequest, toggleGrade,
  validatePledgeForm, versionForm, type PledgeForm,
} from '../pledge-form';
import { gradesText, pledgeGrades, pledgeSchool } from '../pledge-school';
import '../staff-pledges.css';

const PARTS: Array<{ part: PledgeTextPart; hint: string }> = [
  { part: 'school', hint: '学校做出的承诺' },
  { part: 'guardian', hint: '家长做出的承诺' },
  { part: 'student', hint: `学生做出的承诺（填写了下面的简短版本时，${PLEDGE_YOUNG_GRADE_MAX + 1} 年级及以上读这一段）` },
  { part: 'studentYoung', hint: `${PLEDGE_YOUNG_GRADE_MAX} 年级及以下学生读的简短版本（选填）` },
];
/** 0 (no student part) … 12: the choices of 学生从几年级起签名. */
const FROM_GRADES = Array.from({ length: PLEDGE_LIMITS.studentFromGradeMax + 1 }, (_, n) => n);

/** What guardians will read: the older children's text, and the younger ones' when it differs. */
function Preview(props: { form: PledgeForm }) {
  const t = props.form.text;
  return (
    <View className='card edit-preview'>
      <Text className='subtitle'>预览：家长看到的样子</Text>
      <PledgeTextView text={t} />
      {t.studentYoung.trim() && (
        <View className='young-preview'>
          <PledgeTextView text={{ ...t, student: t.studentYoung }} parts={['student']} studentLabel={PLEDGE_TEXT_PART_LABELS.studentYoung} />
        </View>
      )}
    </View>
  );
}

/**
 * Opening the year's pledge (principals and school admins): the default text, editable part by part, the grades it
 * goes to, the deadline, from which grade the child signs too and whether every guardian signs; or publishing a new
 * version of an open pledge with a note saying what changed (guardians who signed are asked to sign again). At
 * 1024 px and wider the form sits beside its preview.
 */
export function PledgeEditBody(props: { me: MeResponse; pledgeId: string | null; schoolYear?: string }) {
  const school = pledgeSchool(props.me);
  const today = shanghaiToday();
  const [form, setForm] = useState<PledgeForm | null>(null);
  const [grades, setGrades] = useState<Array<{ number: number; name: string }>>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const action = useAction();

  useEffect(() => {
    if (!school?.canManage) return;
    const load = async () => {
      try {
        if (props.pledgeId) {
          const d = await pledgesApi.detail(props.pledgeId);
          setForm(versionForm(d.text, d.textHash));
        } else {
          const [t, g] = await Promise.all([pledgesApi.defaultTemplate(), schoolsApi.grades(school.id)]);
          setGrades(pledgeGrades(g));
          const f = openForm(t.text, t.studentFromGrade, today);
          setForm(props.schoolYear && schoolYearChoices(today).includes(props.schoolYear) ? { ...f, schoolYear: props.schoolYear } : f);
        }
      } catch (e) {
        setLoadError(errorText(e));
      }
    };
    void load();
  }, [props.pledgeId, school?.id]);

  if (!school?.canManage) return <View className='card'><Text className='muted'>承诺书由学校的校长或学校管理员发布。</Text></View>;
  if (loadError) return <View className='card'><Text className='error-text'>{loadError}</Text></View>;
  if (!form) return <Text className='muted center'>加载中…</Text>;

  const errors = validatePledgeForm(form, today);
  const shown = touched ? errors : {};
  const set = (patch: Partial<PledgeForm>) => setForm({ ...form, ...patch });
  const setPart = (part: PledgeTextPart, value: string) => setForm({ ...form, text: { ...form.text, [part]: value } });
  const names = new Map(grades.map((g) => [g.number, g.name]));

  const publish = async () => {
    setTouched(true);
    if (Object.keys(errors).length) return action.refuse(Object.values(errors)[0] ?? '');
    // The last refusal goes as soon as the form is fine, while the dialog asks.
    action.clear();
    const ok = await Taro.showModal(form.mode === 'open'
      ? { title: '发布承诺书', content: `${form.schoolYear} 学年，发给${gradesText(form.grades, names)}的家长，${form.deadline} 截止。发布后家长会收到签署提醒。`, confirmText: '发布', cancelText: '再看看' }
      : { title: '发布新版本', content: '已经签署的家长会被要求按新版本重新签署，并看到您写的变更说明。', confirmText: '发布', cancelText: '再看看' });
    if (!ok.confirm) return;
    await action.run(async () => {
      const d = form.mode === 'open'
        ? await pledgesApi.openPledge(school.id, toOpenRequest(form))
        : await pledgesApi.publishVersion(props.pledgeId!, toVersionRequest(form));
      // Toasted before leaving the page, not after the redirect.
      toast('已发布', 'success');
      await Taro.redirectTo({ url: `${ROUTES.pledgeDetail}?id=${encodeURIComponent(d.id)}` });
    });
  };

  return (
    <View className='pledges-wide'>
      <View className='edit-layout'>
        <View className='edit-form'>
          <View className='card'>
            <Text className='title'>{form.mode === 'open' ? '发布本学年承诺书' : '发布新版本'}</Text>
            <Text className='muted'>{school.name}。段落之间空一行；家长按段落阅读，改动会按段落标出。</Text>
            {form.mode === 'open' && (
              <View className='field'>
                <Text className='label'>学年</Text>
                <View className='choice-list'>
                  {schoolYearChoices(today).map((y) => (
                    <View key={y} className={`choice${form.schoolYear === y ? ' selected' : ''}`} onClick={() => set({ schoolYear: y })} {...a11y({ role: 'radio', checked: form.schoolYear === y })}>{y} 学年</View>
                  ))}
                </View>
              </View>
            )}
          </View>

          <View className='card'>
            {PARTS.map(({ part, hint }) => (
              <View key={part} className={`field part-${part}`}>
                <Text className='label'>{PLEDGE_TEXT_PART_LABELS[part]}</Text>
                <Text className='muted'>{hint}</Text>
                <Textarea className='input textarea' value={form.text[part]} maxlength={PART_MAX[part]} autoHeight onInput={(e) => setPart(part, e.detail.value)} />
                <Text className='muted'>{Array.from(form.text[part]).length} / {PART_MAX[part]}</Text>
                {shown[part] && <Text className='field-error'>{shown[part]}</Text>}
              </View>
            ))}
          </View>

          {form.mode === 'open' ? (
            <View className='card'>
              <View className='field'>
                <Text className='label'>发给哪些年级</Text>
                <View className='choice-list'>
                  <View className={`choice${!form.grades.length ? ' selected' : ''}`} onClick={() => set({ grades: [] })} {...a11y({ role: 'checkbox', checked: !form.grades.length })}>全校</View>
                  {grades.map((g) => (
                    <View key={g.number} className={`choice${form.grades.includes(g.number) ? ' selected' : ''}`} onClick={() => set({ grades: toggleGrade(form.grades, g.number) })} {...a11y({ role: 'checkbox', checked: form.grades.includes(g.number) })}>{g.name}</View>
                  ))}
                </View>
                <Text className='muted'>将发给：{gradesText(form.grades, names)}的家长</Text>
              </View>
              <View className='field'>
                <Text className='label'>截止日期</Text>
                <Picker mode='date' value={form.deadline} start={today} end={addDays(today, PLEDGE_LIMITS.deadlineDaysMax)} onChange={(e) => set({ deadline: String(e.detail.value) })}>
                  <View className='picker-value deadline-value' {...a11y({ role: 'button', label: `截止日期 ${form.deadline}` })}>{form.deadline}</View>
                </Picker>
                <Text className='muted'>截止日当天仍可签署；截止前 {PLEDGE_AUTO_REMIND_DAYS_BEFORE} 天会自动提醒还没签署的家长。</Text>
                {shown.deadline && <Text className='field-error'>{shown.deadline}</Text>}
              </View>
              <View className='field'>
                <Text className='label'>学生签名</Text>
                <Picker mode='selector' range={FROM_GRADES.map(studentFromGradeText)} value={form.studentFromGrade} onChange={(e) => set({ studentFromGrade: Number(e.detail.value) })}>
                  <View className='picker-value' {...a11y({ role: 'button', label: `学生签名：${studentFromGradeText(form.studentFromGrade)}` })}>{studentFromGradeText(form.studentFromGrade)}</View>
                </Picker>
              </View>
              <View className='check-row' onClick={() => set({ requireAllGuardians: !form.requireAllGuardians })} {...a11y({ role: 'checkbox', checked: form.requireAllGuardians })}>
                <View className={`check-box${form.requireAllGuardians ? ' checked' : ''}`}>{form.requireAllGuardians ? '✓' : ''}</View>
                <Text className='p'>每位绑定的家长都要签署（不勾选时，每个孩子有一位家长签署即可）</Text>
              </View>
            </View>
          ) : (
            <View className='card'>
              <View className='field'>
                <Text className='label'>变更说明（家长重新签署前会看到）</Text>
                <Input className='input change-note' value={form.changeNote} maxlength={PLEDGE_LIMITS.changeNoteMax} placeholder='例如：补充了上下学路上的安全约定' onInput={(e) => set({ changeNote: e.detail.value })} />
                <Text className='muted'>{Array.from(form.changeNote).length} / {PLEDGE_LIMITS.changeNoteMax}</Text>
                {shown.changeNote && <Text className='field-error'>{shown.changeNote}</Text>}
              </View>
            </View>
          )}

          <View className='card'>
            {action.error && <Text className='error-text'>{action.error}</Text>}
            <Button className='btn primary publish-pledge' disabled={action.busy || undefined} onClick={() => void publish()}>
              {action.busy ? '正在发布…' : form.mode === 'open' ? '发布承诺书' : '发布新版本'}
            </Button>
          </View>
        </View>
        <Preview form={form} />
      </View>
    </View>
  );
}

export default function PledgeEditPage() {
  const params = useRouter().params ?? {};
  return <Screen>{(me) => <PledgeEditBody me={me} pledgeId={params.id || null} schoolYear={params.schoolYear} />}</Screen>;
}
