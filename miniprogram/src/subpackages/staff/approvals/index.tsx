import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { FIELD_LIMITS, formatDateTime, RELATION_LABELS, type BindingResponse, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { bindingsApi } from '../../../api/bindings';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { useStaffClasses } from '../staff-classes';

export function ApprovalsBody(props: { me: MeResponse }) {
  const { classes, error: classError } = useStaffClasses(props.me);
  const [pending, setPending] = useState<BindingResponse[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);

  const load = async () => {
    if (!classes) return;
    try {
      const lists = await Promise.all(classes.map((c) => bindingsApi.forClass(c.id, 'pending')));
      setPending(lists.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useOnShow(() => void load());
  const classKey = classes?.map((c) => c.id).join(',');
  useEffect(() => {
    // Load again once the class list arrives.
    if (classKey !== undefined) void load();
  }, [classKey]);

  const decide = async (b: BindingResponse, approve: boolean) => {
    setBusy(b.id);
    try {
      if (approve) await bindingsApi.approve(b.id);
      else await bindingsApi.reject(b.id, reason.trim() ? { reason: reason.trim() } : {});
      toast(approve ? `已同意 ${b.studentName}` : '已拒绝', approve ? 'success' : 'none');
      setPending((list) => list?.filter((x) => x.id !== b.id) ?? null);
      setRejecting(null);
      setReason('');
    } catch (e) {
      toast(errorText(e));
      await load();
    } finally {
      setBusy(null);
    }
  };

  const err = classError ?? error;
  return (
    <View>
      <View className='card'>
        <Text className='title'>绑定审核</Text>
        <Text className='muted'>核对家长与孩子的关系后再同意。{classes ? `共 ${classes.length} 个班级。` : ''}</Text>
      </View>
      {err && <Text className='error-text'>{err}</Text>}
      {!pending && !err && <Text className='muted center'>加载中…</Text>}
      {pending && pending.length === 0 && (
        <View className='card center'>
          <Text className='muted'>没有待审核的申请</Text>
        </View>
      )}
      {pending?.map((b) => (
        <View key={b.id} className='card binding-request'>
          <Text className='subtitle'>{b.studentName}</Text>
          <Text className='p'>{b.className}</Text>
          <Text className='p'>申请人：{b.guardianName}（{RELATION_LABELS[b.relation]}）</Text>
          <Text className='muted'>申请时间：{formatDateTime(b.createdAt)}</Text>
          {rejecting === b.id ? (
            <View>
              <Input className='input' value={reason} placeholder='拒绝原因（选填，会告知家长）' maxlength={FIELD_LIMITS.rejectReasonMax} onInput={(e) => setReason(e.detail.value)} />
              <View className='btn-row'>
                <Button className='btn danger' disabled={busy === b.id || undefined} onClick={() => void decide(b, false)}>确认拒绝</Button>
                <Button className='btn' onClick={() => setRejecting(null)}>取消</Button>
              </View>
            </View>
          ) : (
            <View className='btn-row'>
              <Button className='btn primary approve' disabled={busy === b.id || undefined} onClick={() => void decide(b, true)}>同意</Button>
              <Button className='btn danger' onClick={() => { setRejecting(b.id); setReason(''); }}>拒绝</Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

export default function ApprovalsPage() {
  return <Screen>{(me) => <ApprovalsBody me={me} />}</Screen>;
}
