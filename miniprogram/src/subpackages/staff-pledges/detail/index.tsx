import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { MeResponse, PledgeClassCompletion, PledgeCompletionResponse, PledgeCounts, PledgeStaffDetail } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { HashText, PledgeTextView, shortHash } from '../../../components/PledgeTextView';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { studentFromGradeText } from '../pledge-form';
import { gradesText, pledgeSchool, pledgeStatusLabel } from '../pledge-school';
import { ClassMissing } from './class-missing';
import '../staff-pledges.css';

const percent = (c: PledgeCounts) => (c.students ? Math.round((c.signed / c.students) * 100) : 0);

function Counts(props: { c: PledgeCounts }) {
  const c = props.c;
  const cells = [
    { label: '学生', n: c.students, cls: '' },
    { label: '已签署', n: c.signed, cls: ' ok' },
    { label: '需重新签署', n: c.superseded, cls: ' again' },
    { label: '未签署', n: c.missing, cls: ' missing' },
  ];
  return (
    <View className='stats'>
      {cells.map((x) => (
        <View key={x.label} className={`stat${x.cls}`} {...a11y({ label: `${x.label} ${x.n}` })}>
          <Text className='stat-n'>{x.n}</Text>
          <Text className='muted'>{x.label}</Text>
        </View>
      ))}
    </View>
  );
}

function Bar(props: { c: PledgeCounts }) {
  return <View className='bar'><View className='bar-fill' style={{ width: `${percent(props.c)}%` }} /></View>;
}

function ClassCard(props: { pledgeId: string; c: PledgeClassCompletion; single: boolean; canRemind: boolean; onChanged: () => void }) {
  const { c } = props;
  const [open, setOpen] = useState(props.single);
  return (
    <View className='card class-card'>
      <View className='class-head' onClick={() => setOpen(!open)} {...a11y({ role: 'button', label: `${c.className}，已签署 ${c.signed} / ${c.students}，${open ? '收起' : '展开'}` })}>
        <View className='row-main'>
          <Text className='class-name'>{c.className}</Text>
          <Text className='muted class-count'>已签署 {c.signed} / {c.students}{c.superseded ? ` · 需重新签署 ${c.superseded}` : ''} · 未签署 {c.missing}</Text>
        </View>
        <Text>{open ? '收起' : '展开'}</Text>
      </View>
      <Bar c={c} />
      {open && <ClassMissing pledgeId={props.pledgeId} classId={c.classId} className={c.className} canRemind={props.canRemind} onChanged={props.onChanged} />}
    </View>
  );
}

/**
 * One year's pledge for staff: its state, audience and deadline, every version (number, day, change note, fingerprint),
 * 发布新版本 for principals and school admins, the completion of the school, each grade and each class the caller may
 * see (a teacher: their classes), each class's missing list with the one-tap reminder and its zip of signed copies,
 * and the ledger (台账) as a spreadsheet. At 1024 px and wider the classes sit in two columns.
 */
export function PledgeDetailBody(props: { me: MeResponse; id: string }) {
  const school = pledgeSchool(props.me);
  const [p, setP] = useState<PledgeStaffDetail | null>(null);
  const [done, setDone] = useState<PledgeCompletionResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showText, setShowText] = useState(false);
  const [exporting, setExporting] = useState(false);

  const load = async () => {
    try {
      const [d, c] = await Promise.all([pledgesApi.detail(props.id), pledgesApi.completion(props.id)]);
      setP(d);
      setDone(c);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useOnShow(() => void load());

  if (error && !p) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!p || !done) return <Text className='muted center'>加载中…</Text>;

  const gradeNames = new Map(done.grades.map((g) => [g.gradeNumber, g.gradeName]));
  const exportLedger = async () => {
    setExporting(true);
    try {
      await pledgesApi.saveLedger(p.id, `${p.schoolYear}学年承诺书台账.xlsx`);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setExporting(false);
    }
  };
  const versions = [...p.versions].reverse();

  return (
    <View className='pledges-wide'>
      <View className='detail-layout'>
        <View className='detail-side'>
          <View className='card'>
            <View className='tag-line'>
              <Text className={`tag status-${p.status}`}>{pledgeStatusLabel(p.status)}</Text>
              <Text className='tag version-tag'>第 {p.currentVersion} 版</Text>
            </View>
            <Text className='title'>{p.schoolYear} 学年防范校园欺凌承诺书</Text>
            <Text className='muted'>发给：{gradesText(p.audience.grades, gradeNames)}的家长 · {p.deadline} 截止</Text>
            <Text className='muted'>{studentFromGradeText(p.audience.studentFromGrade)} · {p.audience.requireAllGuardians ? '每位绑定的家长都要签署' : '每个孩子一位家长签署即可'}</Text>
            <HashText hash={p.textHash} label='当前版本的文本指纹' />
            <Button className='btn small' onClick={() => setShowText(!showText)}>{showText ? '收起全文' : '查看全文'}</Button>
            {showText && <PledgeTextView text={p.text} />}
            {p.canManage && p.status === 'open' && (
              <Button className='btn new-version' onClick={() => void openPage(`${ROUTES.pledgeEdit}?id=${encodeURIComponent(p.id)}`)}>修改内容，发布新版本</Button>
            )}
          </View>

          <View className='card'>
            <Text className='subtitle'>版本记录</Text>
            {versions.map((v) => (
              <View key={v.number} className='version-row'>
                <Text className='p'>第 {v.number} 版 · {v.publishedOn} 发布 · 指纹 {shortHash(v.textHash)}</Text>
                {v.changeNote && <Text className='muted'>变更说明：{v.changeNote}</Text>}
              </View>
            ))}
          </View>

          <View className='card'>
            <Text className='subtitle'>总计（{done.classes.length} 个班）</Text>
            <Bar c={done.totals} />
            <Counts c={done.totals} />
            {done.grades.length > 1 && (
              <View className='grade-rows'>
                {done.grades.map((g) => (
                  <View key={g.gradeNumber} className='grade-row' {...a11y({ label: `${g.gradeName}，已签署 ${g.signed} / ${g.students}` })}>
                    <Text className='label'>{g.gradeName}</Text>
                    <Text>已签署 {g.signed} / {g.students}（{percent(g)}%）{g.superseded ? ` · 需重新签署 ${g.superseded}` : ''}</Text>
                  </View>
                ))}
              </View>
            )}
            <Button className='btn export-ledger' disabled={exporting || undefined} onClick={() => void exportLedger()}>{exporting ? '正在导出…' : '导出台账（Excel）'}</Button>
          </View>
        </View>

        <View className={`class-grid${done.classes.length > 1 ? ' several' : ''}`}>
          {done.classes.map((c) => (
            <ClassCard key={c.classId} pledgeId={p.id} c={c} single={done.classes.length === 1} canRemind={!!school?.canRemind && p.status === 'open'} onChanged={() => void load()} />
          ))}
          {done.classes.length === 0 && <View className='card'><Text className='muted'>您没有可以查看的班级。</Text></View>}
        </View>
      </View>
    </View>
  );
}

export default function PledgeDetailPage() {
  const id = useRouter().params?.id ?? '';
  return <Screen>{(me) => <PledgeDetailBody me={me} id={id} />}</Screen>;
}
