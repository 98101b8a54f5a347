import { useState, type ReactNode } from 'react';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import {
  BINDING_STATUS_LABELS, FIELD_LIMITS, POLICY_DOCUMENTS, RELATION_LABELS, Relation, formatDateTime, type MeResponse, type MyDataBinding,
  type MyDataResponse,
} from '@anxin/shared';
import { a11y } from '../../../a11y';
import { errorText } from '../../../api/client';
import { privacyApi } from '../../../api/privacy';
import { Screen, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { CHILD_DATA_CONSENT } from '../../../content/privacy';
import { openPage, ROUTES } from '../../../routes';
import { loadMe } from '../../../state/session';
import '../privacy.css';

/** One bound child: the relation (correctable), the state, and withdrawing or giving consent again. */
function BindingRow(props: { b: MyDataBinding; onChanged: () => void }) {
  const { b } = props;
  const [editing, setEditing] = useState<'relation' | 'withdraw' | 'consent' | null>(null);
  const [agreed, setAgreed] = useState(false);
  const action = useAction();
  const busy = action.busy;
  const run = (request: () => Promise<unknown>, done: string) => action.run(async () => {
    await request();
    setEditing(null);
    setAgreed(false);
    props.onChanged();
  }, { done, errors: 'toast' });
  const active = b.status === 'approved' || b.status === 'pending';
  return (
    <View className='pv-binding'>
      <Text className='p'>{b.studentName} · {b.schoolName} {b.className}</Text>
      <Text className='muted'>您是孩子的{b.relationLabel} · <Text className={`tag ${b.status}`}>{BINDING_STATUS_LABELS[b.status]}</Text></Text>
      {b.rejectReason && <Text className='muted'>未通过原因：{b.rejectReason}</Text>}
      {editing === 'relation' && (
        <View className='choice-list'>
          {(Object.values(Relation) as Relation[]).map((r) => (
            <View
              key={r}
              {...a11y({ role: 'button' })}
              className={`choice pv-relation${r === b.relation ? ' selected' : ''}`}
              onClick={() => (r === b.relation ? setEditing(null) : void run(() => privacyApi.correctRelation(b.id, { relation: r }), '已更正'))}
            >
              {RELATION_LABELS[r]}
            </View>
          ))}
        </View>
      )}
      {editing === 'withdraw' && (
        <View className='pv-confirm'>
          <Text className='p'>撤回后，这个绑定暂停：学校不再向您发送关于{b.studentName}的通知、承诺书和签字请求，班主任会收到提醒。已有的记录按学校的保存期限保留。以后可以重新同意，由班主任再次审核。</Text>
          <Button className='btn danger' disabled={busy || undefined} onClick={() => void run(() => privacyApi.withdrawConsent(b.id), '已撤回同意')}>确认撤回同意</Button>
        </View>
      )}
      {editing === 'consent' && (
        <View className='pv-confirm'>
          <View className='check-row' {...a11y({ role: 'checkbox', checked: agreed })} onClick={() => setAgreed(!agreed)}>
            <View className={`check-box${agreed ? ' checked' : ''}`}>{agreed ? '✓' : ''}</View>
            <Text className='p'>{CHILD_DATA_CONSENT.text}</Text>
          </View>
          <Button
            className='btn primary'
            disabled={busy || !agreed || undefined}
            onClick={() => void run(() => privacyApi.consentAgain(b.id, { consentVersion: CHILD_DATA_CONSENT.version }), '已提交，等待班主任审核')}
          >
            重新同意并提交审核
          </Button>
        </View>
      )}
      <View className='choice-list'>
        {active && <View className='choice' {...a11y({ role: 'button' })} onClick={() => setEditing(editing === 'relation' ? null : 'relation')}>更正关系</View>}
        {active && <View className='choice danger-text' {...a11y({ role: 'button' })} onClick={() => setEditing(editing === 'withdraw' ? null : 'withdraw')}>撤回同意</View>}
        {b.status === 'suspended' && <View className='choice' {...a11y({ role: 'button' })} onClick={() => setEditing(editing === 'consent' ? null : 'consent')}>重新同意</View>}
      </View>
    </View>
  );
}

/** The display name the class teacher sees, correctable here. */
function ProfileCard(props: { data: MyDataResponse; onChanged: () => void }) {
  const [name, setName] = useState<string | null>(null);
  const action = useAction();
  const busy = action.busy;
  const save = () => action.run(async () => {
    await privacyApi.updateProfile({ displayName: (name ?? '').trim() });
    setName(null);
    props.onChanged();
  }, { done: '已保存', errors: 'toast' });
  return (
    <View className='card'>
      <Text className='title'>个人信息</Text>
      {name === null ? (
        <View className='pv-item'>
          <Text className='p'>称呼：{props.data.profile.displayName}</Text>
          <Text className='muted'>账号开始使用：{props.data.profile.createdOn}</Text>
          <View className='choice-list'>
            <View className='choice' {...a11y({ role: 'button' })} onClick={() => setName(props.data.profile.displayName)}>修改称呼</View>
          </View>
        </View>
      ) : (
        <View className='field'>
          <Text className='label'>称呼（班主任在绑定名单中看到）</Text>
          <Input className='input pv-display-name' value={name} maxlength={FIELD_LIMITS.personNameMax} onInput={(e) => setName(e.detail.value)} />
          <Button className='btn primary' disabled={busy || !name.trim() || undefined} onClick={() => void save()}>保存</Button>
        </View>
      )}
    </View>
  );
}

/** A list card that says so when it is empty. */
function ListCard(props: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <View className='card'>
      <Text className='title'>{props.title}</Text>
      {props.children.length ? props.children : <Text className='muted'>{props.empty}</Text>}
    </View>
  );
}

/** A signature image from the export (a PNG data URL). */
function Signature(props: { src: string | null; label: string }) {
  if (!props.src) return null;
  return (
    <View className='pv-item'>
      <Text className='muted'>{props.label}</Text>
      <Image className='pv-signature' src={props.src} mode='aspectFit' />
    </View>
  );
}

/**
 * 我的数据: everything held about the guardian and their bound children, as a readable page, with downloads (xlsx,
 * JSON with the signature images), correcting the name and relation, withdrawing and giving again consent for a
 * child's data, the two policies and deleting the account. Each action is answered at once by the server.
 */
export function MyDataBody(props: { me: MeResponse }) {
  const [data, setData] = useState<MyDataResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => privacyApi.myData().then((d) => {
    setData(d);
    setError(null);
  }, (e) => setError(errorText(e)));
  useOnShow(() => void load());
  const changed = () => {
    void load();
    void loadMe(true);
  };
  if (error) {
    return (
      <View className='card center'>
        <Text className='error-text'>{error}</Text>
        <Button className='btn primary' onClick={() => void load()}>重试</Button>
      </View>
    );
  }
  if (!data) return <View className='muted center'>加载中…</View>;
  return (
    <View>
      <View className='card'>
        <Text className='title'>我的数据</Text>
        <Text className='muted'>安心家校保存的关于您和您绑定的孩子的全部信息（{formatDateTime(new Date(data.generatedAt))} 生成）。{props.me.displayName}，您可以随时查看、下载、更正、撤回同意或注销账号，操作立即生效。</Text>
        <Button className='btn' onClick={() => void privacyApi.download('xlsx')}>下载 Excel 文件</Button>
        <Button className='btn' onClick={() => void privacyApi.download('json')}>下载 JSON 文件（含签名图片）</Button>
      </View>

      <ProfileCard data={data} onChanged={changed} />

      <ListCard title='绑定的孩子' empty='还没有绑定孩子。'>
        {data.bindings.map((b) => <BindingRow key={b.id} b={b} onChanged={changed} />)}
      </ListCard>

      <ListCard title='孩子的学籍信息' empty='没有。'>
        {data.students.map((s) => (
          <View key={s.id} className='pv-item'>
            <Text className='p'>{s.name} · {s.schoolName} {s.className}</Text>
            <Text className='muted'>学号：{s.studentNo ?? '未登记'} · 性别：{s.gender ?? '未登记'}</Text>
          </View>
        ))}
      </ListCard>

      <ListCard title='同意记录' empty='没有。'>
        {data.consents.map((c) => (
          <View key={`${c.kind}-${c.version}-${c.studentName ?? ''}-${c.givenOn}`} className='pv-item'>
            <Text className='p'>{c.kindLabel}{c.studentName ? `（${c.studentName}）` : ''}</Text>
            <Text className='muted'>版本 {c.version} · {c.givenOn} 同意</Text>
          </View>
        ))}
      </ListCard>

      <ListCard title='通知回执' empty='没有。'>
        {data.noticeReceipts.map((r) => (
          <View key={r.id} className='pv-item'>
            <Text className='p'>{r.noticeTitle}</Text>
            <Text className='muted'>{r.schoolName} · {r.students.join('、')}</Text>
            <Text className='muted'>
              {[r.readOn && `${r.readOn} 阅读`, r.confirmedOn && `${r.confirmedOn} 确认`, r.signedOn && `${r.signedOn} 签字`, r.answeredOn && `${r.answeredOn} 回答`].filter(Boolean).join(' · ') || '未打开'}
            </Text>
            {(r.answerChoices.length > 0 || r.answerText) && <Text className='muted'>回答：{[...r.answerChoices, r.answerText].filter(Boolean).join('；')}</Text>}
            <Signature src={r.signature} label='您的签名' />
          </View>
        ))}
      </ListCard>

      <ListCard title='承诺书签名' empty='没有。'>
        {data.pledgeSignatures.map((p) => (
          <View key={p.id} className='pv-item'>
            <Text className='p'>{p.schoolYear} 学年 · {p.studentName}（{p.relationLabel}签）</Text>
            <Text className='muted'>{p.schoolName} · 第 {p.versionNumber} 版 · {p.signedOn} 签署</Text>
            <Signature src={p.guardianSignature} label='家长签名' />
            <Signature src={p.studentSignature} label='学生签名' />
          </View>
        ))}
      </ListCard>

      <ListCard title='消息' empty='没有。'>
        {data.inbox.map((m, i) => (
          <View key={`${m.createdAt}-${i}`} className='pv-item'>
            <Text className='p'>{m.title}</Text>
            <Text className='muted'>{formatDateTime(new Date(m.createdAt))}{m.readOn ? ` · ${m.readOn} 已读` : ' · 未读'}</Text>
          </View>
        ))}
      </ListCard>

      <ListCard title='登录记录' empty='没有。'>
        {data.sessions.map((s, i) => (
          <View key={`${s.createdOn}-${i}`} className='pv-item'>
            <Text className='p'>{s.deviceLabel}</Text>
            <Text className='muted'>{s.createdOn} 登录 · {s.active ? '有效' : '已失效'}</Text>
          </View>
        ))}
      </ListCard>

      <ListCard title='学校教职工能看到的' empty='没有。'>
        {data.staffVisible.map((v) => (
          <View key={v.where} className='pv-item'>
            <Text className='p'>{v.where}</Text>
            <Text className='muted'>{v.shows}</Text>
          </View>
        ))}
      </ListCard>

      <View className='card'>
        <Text className='title'>不在这里的</Text>
        {data.notIncluded.map((n) => <Text key={n} className='muted'>{n}</Text>)}
      </View>

      <View className='card'>
        {POLICY_DOCUMENTS.map((d) => (
          <View key={d.key} className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(`${ROUTES.policy}?doc=${d.key}`)}>
            <View className='row-main'>
              <Text className='p'>{d.title}</Text>
              <Text className='muted'>版本 {d.version}</Text>
            </View>
            <Text>›</Text>
          </View>
        ))}
        <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.deleteAccount)}>
          <View className='row-main'>
            <Text className='p danger-text'>注销账号</Text>
            <Text className='muted'>删除账号、绑定和消息；学校需要保留的记录会说明原因和期限</Text>
          </View>
          <Text>›</Text>
        </View>
      </View>
    </View>
  );
}

export default function MyDataPage() {
  return <Screen>{(me) => <MyDataBody me={me} />}</Screen>;
}
