import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { GuardianPledgeStatus, type GuardianPledgeListItem, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { guardianPledgesStore } from '../../../state/guardian-pledges';
import { copyPath, pledgeState, pledgeTitle, signPath } from '../pledge-labels';
import '../pledges.css';

/** One child's pledge: what is still to do (or that it is signed), the deadline; opens the signing page or the copy. */
export function PledgeRow(props: { item: GuardianPledgeListItem }) {
  const p = props.item;
  const state = pledgeState(p.status);
  const signed = p.status === GuardianPledgeStatus.SIGNED && !!p.signatureId;
  const open = () => void openPage(signed ? copyPath(p.pledgeId, p.signatureId!) : signPath(p.pledgeId, p.student.id));
  return (
    <View className={`pledge-item tone-${state.tone}`} onClick={open} {...a11y({ role: 'button', label: `${pledgeTitle(p.schoolYear)}，${p.student.name}，${state.text}，截止 ${p.deadline}` })}>
      <View className='row-main'>
        <View className='tag-line'>
          <Text className={`tag state-${state.tone}`}>{state.text}</Text>
          {p.studentPartRequired && <Text className='tag state-info'>家长和孩子签名</Text>}
        </View>
        <Text className='pledge-item-title'>{p.student.name}（{p.student.className}）</Text>
        <Text className='muted'>{pledgeTitle(p.schoolYear)} · 第 {p.versionNumber} 版</Text>
        <Text className='muted'>{p.schoolName} · 截止 {p.deadline}</Text>
      </View>
      <Text>{signed ? '查看副本 ›' : '去签署 ›'}</Text>
    </View>
  );
}

/**
 * 承诺书 (guardians): the year's anti-bullying pledge of each bound child's school, one row per child — to sign, to
 * sign again after the school changed it, or signed (opening the signed copy).
 */
export function PledgeListBody(props: { me: MeResponse }) {
  const children = props.me.students.filter((s) => s.status === 'approved');
  const [items, setItems] = useState<GuardianPledgeListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useOnShow(() => {
    if (!children.length) return setItems([]);
    pledgesApi.mine().then(
      (r) => {
        setItems(r.items);
        setError(null);
        guardianPledgesStore.set(r.items);
      },
      (e) => setError(errorText(e)),
    );
  });

  const todo = items?.filter((p) => p.status !== GuardianPledgeStatus.SIGNED).length ?? 0;
  return (
    <View>
      <View className='card'>
        <Text className='title'>防范校园欺凌承诺书</Text>
        <Text className='muted'>每学年一次：学校、家长和孩子共同承诺，预防和制止校园欺凌。</Text>
        {items && items.length > 0 && <Text className='p'>{todo > 0 ? `还有 ${todo} 份待签署` : '都已签署，谢谢您'}</Text>}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {items === null && !error && <Text className='muted center'>加载中…</Text>}
      {items?.length === 0 && (
        <View className='card'>
          <Text className='muted'>{children.length ? '孩子的学校还没有发布本学年的承诺书。' : '绑定孩子后，学校发布的承诺书会出现在这里。'}</Text>
          {!children.length && <Button className='btn' onClick={() => void openPage(ROUTES.bind)}>绑定孩子</Button>}
        </View>
      )}
      {items?.map((p) => <PledgeRow key={`${p.pledgeId}:${p.student.id}`} item={p} />)}
    </View>
  );
}

export default function PledgeListPage() {
  return <Screen>{(me) => <PledgeListBody me={me} />}</Screen>;
}
