import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { FLOOD_BATCH_LABELS, formatDateTime, type FloodBatchAction, type TipFlood } from '@anxin/shared';
import { tipTriageApi } from '../../../api/tip-triage';
import { toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';

const ACTIONS: FloodBatchAction[] = ['acknowledge', 'prank', 'false_report', 'duplicate'];

/**
 * A school's tip floods on the inbox: each flood's open tips as one group (「1小时内收到 N 条举报」) with 批量处理 — all
 * acknowledged, or all marked 玩笑 / 恶意/虚假, or merged as 重复 into the earliest of them. Each tip is still audited on
 * its own by the server. Callers the server refuses (no case role) see nothing here.
 */
export function FloodGroups(props: { schoolId: string; onChanged: () => void }) {
  const { schoolId, onChanged } = props;
  const [floods, setFloods] = useState<TipFlood[]>([]);
  const batch = useAction();
  const load = () => tipTriageApi.floods(schoolId).then(setFloods, () => setFloods([]));
  useEffect(() => { void load(); }, [schoolId]);

  const run = async (flood: TipFlood, action: FloodBatchAction) => {
    const ids = flood.openTipIds;
    const body = action === 'duplicate' ? { action, primaryTipId: ids[0], tipIds: ids.slice(1) } : { action, tipIds: ids };
    const n = body.tipIds.length;
    if (!n) return;
    const ok = await Promise.resolve(Taro.showModal({
      title: '批量处理', content: `对这一组中 ${n} 条未结案的举报执行「${FLOOD_BATCH_LABELS[action]}」？每一条都会记入案件记录。`, confirmText: '确定',
    })).then((r) => r.confirm, () => false);
    if (!ok) return;
    await batch.run(async () => {
      const res = await tipTriageApi.batch(schoolId, flood.id, body);
      toast(`已处理 ${res.done} 条${res.skipped ? `，跳过 ${res.skipped} 条` : ''}`, 'success');
      await load();
      onChanged();
    });
  };

  if (!floods.length) return null;
  return (
    <View className='card flood-groups'>
      {floods.map((f) => (
        <View key={f.id} className='flood-group'>
          <Text className='subtitle flood-title'>{f.title}</Text>
          <Text className='muted'>{formatDateTime(f.startedAt)} 起 · 未结案 {f.openTipIds.length} 条 · 本校提交限制到 {formatDateTime(f.tightenedUntil)}</Text>
          {f.openTipIds.length > 0 && (
            <View className='choice-list flood-actions'>
              {ACTIONS.map((a) => (
                <Button key={a} className={`btn small flood-${a}`} disabled={batch.busy || undefined} onClick={() => void run(f, a)}>{FLOOD_BATCH_LABELS[a]}</Button>
              ))}
            </View>
          )}
        </View>
      ))}
      {batch.error && <Text className='error-text'>{batch.error}</Text>}
    </View>
  );
}
