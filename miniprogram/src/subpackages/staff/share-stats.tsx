import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { SHARE_GROUP_NAME_MAX, UNNAMED_GROUP_LABEL, type ShareGroupStat, type ShareStatsResponse } from '@anxin/shared';
import { errorText } from '../../api/client';
import { sharesApi } from '../../api/shares';
import { toast } from '../../components/Screen';
import { useAction } from '../../components/use-action';
import './share-stats.css';

/**
 * Which WeChat groups a share card reached and how many opened it from each (docs/SHARING.md). WeChat gives only an
 * id per group, so a teacher names each group once (三年级1班家长群); the name is the school's, shown to all its staff.
 */
export function ShareStats(props: { shareId: string }) {
  const [stats, setStats] = useState<ShareStatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    sharesApi.stats(props.shareId).then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [props.shareId]);
  useEffect(load, [load]);

  if (error) return <Text className='error-text'>{error}</Text>;
  if (!stats) return null;
  return (
    <View className='share-stats'>
      <Text className='label'>分享卡片打开情况（共 {stats.total} 次）</Text>
      {stats.total === 0 && <Text className='muted'>还没有人从分享卡片打开。</Text>}
      {stats.groups.map((g) => (
        <GroupRow key={g.groupId} schoolId={stats.schoolId} group={g} onNamed={load} />
      ))}
      {stats.notFromGroup > 0 && <Text className='p share-stats-row'>不是从群里打开：{stats.notFromGroup} 次</Text>}
      <Text className='muted'>同一个人一天内从同一个群多次打开只算一次；不记录是谁打开的。</Text>
    </View>
  );
}

function GroupRow(props: { schoolId: string; group: ShareGroupStat; onNamed: () => void }) {
  const { group } = props;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const action = useAction();
  const save = async () => {
    if (!name.trim()) {
      toast('请输入群名称');
      return;
    }
    await action.run(async () => {
      await sharesApi.nameGroup(props.schoolId, group.groupId, name.trim());
      setNaming(false);
      props.onNamed();
    }, { errors: 'toast' });
  };
  return (
    <View className='share-stats-row'>
      <Text className='p'>{group.name ?? UNNAMED_GROUP_LABEL}：{group.opens} 次</Text>
      {group.name === null && !naming && <Button className='btn small' onClick={() => setNaming(true)}>给这个群起名</Button>}
      {naming && (
        <View className='field'>
          <Input className='input group-name-input' value={name} placeholder='例如：三年级1班家长群' maxlength={SHARE_GROUP_NAME_MAX} onInput={(e) => setName(e.detail.value)} />
          <View className='btn-row'>
            <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void save()}>保存群名称</Button>
            <Button className='btn' onClick={() => setNaming(false)}>取消</Button>
          </View>
        </View>
      )}
    </View>
  );
}
