import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { FIELD_LIMITS, parseInviteText, SCHOOL_ROLE_LABELS, type MeResponse, type RedeemInviteResponse } from '@anxin/shared';
import { onboardingApi } from '../../../api/onboarding';
import { Screen, toast } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { ROUTES, openPage } from '../../../routes';
import { loadMe } from '../../../state/session';
import '../onboarding.css';

/** The name WeChat logins start with (nobody's real name): the form asks for one instead of offering it. */
const PLACEHOLDER_NAME = '微信用户';

/** What the person just became, in one sentence. */
export function joinedText(r: RedeemInviteResponse): string {
  if (r.role === 'district_officer') return `您已成为${r.districtName ?? '教育局'}的工作人员。`;
  return `您已成为${r.schoolName ?? '学校'}的${SCHOOL_ROLE_LABELS[r.role]}。`;
}

/**
 * Where a staff member joins: a district officer with the invite `npm run admin` printed, a school's first
 * administrator with the district's invite, anyone else with their school's staff invite. Opened from a share card
 * or link (`?code=`), from 扫码 on this page, or with the code typed in (我的 → 输入邀请码). The person also gives the
 * name colleagues know them by: WeChat logins carry no real name.
 */
export function InviteBody(props: { me: MeResponse }) {
  const router = useRouter();
  const [code, setCode] = useState(parseInviteText(router.params?.code) ?? '');
  const [name, setName] = useState(props.me.displayName === PLACEHOLDER_NAME ? '' : props.me.displayName);
  const action = useAction();
  const [joined, setJoined] = useState<RedeemInviteResponse | null>(null);

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      const scanned = parseInviteText(res.result);
      if (!scanned) {
        toast('这不是安心家校的邀请码');
        return;
      }
      setCode(scanned);
      action.clear();
    } catch {
      // Cancelled.
    }
  };

  const submit = async () => {
    const parsed = parseInviteText(code);
    if (!parsed) return action.refuse('请输入收到的邀请码（字母和数字，可以带短横线）');
    if (!name.trim()) return action.refuse('请输入您的姓名，方便同事和教育局认出您');
    await action.run(async () => {
      const result = await onboardingApi.redeem({ code: parsed, name: name.trim() });
      setJoined(result);
      await loadMe(true);
    });
  };

  if (joined) {
    const next = joined.role === 'district_officer'
      ? { label: '打开区县控制台', url: ROUTES.districtConsole }
      : joined.role === 'admin' || joined.role === 'principal'
        ? { label: '查看学校开通清单', url: ROUTES.setupChecklist }
        : { label: '打开教职工工作台', url: ROUTES.staffHome };
    return (
      <View className='card'>
        <Text className='title'>加入成功</Text>
        <Text className='p'>{joinedText(joined)}</Text>
        <Button className='btn primary' onClick={() => void openPage(next.url)}>{next.label}</Button>
      </View>
    );
  }

  return (
    <View className='card'>
      <Text className='title'>输入邀请码</Text>
      <Text className='muted'>教育局、学校管理员或校长发给您的邀请码，只能使用一次。</Text>
      <View className='field'>
        <Text className='label'>邀请码</Text>
        <Input
          className='input' value={code} maxlength={FIELD_LIMITS.staffInviteCodeMax} placeholder='例如 ABCD-EFGH-JKMN'
          onInput={(e) => setCode(e.detail.value)}
        />
        {process.env.TARO_ENV === 'weapp' && <Button className='btn small' onClick={() => void scan()}>扫码</Button>}
      </View>
      <View className='field'>
        <Text className='label'>您的姓名</Text>
        <Input className='input' value={name} maxlength={FIELD_LIMITS.personNameMax} placeholder='同事和教育局看到的称呼' onInput={(e) => setName(e.detail.value)} />
      </View>
      <ActionError error={action.error} />
      <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void submit()}>{action.busy ? '正在加入…' : '确认加入'}</Button>
    </View>
  );
}

export default function InvitePage() {
  return <Screen>{(me) => <InviteBody me={me} />}</Screen>;
}
