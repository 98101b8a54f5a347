import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { formatDateTime, formatInviteCode, INVITE_PAGE } from '@anxin/shared';
import { ROUTES } from '../routes';
import { toast } from './Screen';

/** An invite code just made: what the staff pages show once (only a hash is kept on the server). */
export interface IssuedInvite {
  /** Who it is for, e.g. 学校管理员 · 阳光实验小学. */
  label: string;
  code: string;
  qrDataUrl: string;
  expiresAt: string;
}

/** The invite page with the code filled in: what a share card or a link opens. */
export function invitePagePath(code: string): string {
  return `/${INVITE_PAGE}?code=${code}`;
}

/**
 * A new invite code, large, with its QR code (the invite page's 扫码 reads it), when it stops working, 复制邀请码,
 * and in WeChat 发给对方 (a share card that opens the invite page with the code filled in). The code is shown once:
 * the page says so.
 */
export function InviteCard(props: { invite: IssuedInvite }) {
  const { invite } = props;
  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: formatInviteCode(invite.code) });
    } catch {
      toast('复制失败，请手动抄写邀请码');
    }
  };
  return (
    <View className='card invite-card'>
      <Text className='muted'>{invite.label}</Text>
      <Text className='code-text'>{formatInviteCode(invite.code)}</Text>
      <Image className='qr' src={invite.qrDataUrl} mode='aspectFit' showMenuByLongpress />
      <Text className='muted center'>有效期至 {formatDateTime(invite.expiresAt)}，只能使用一次</Text>
      <Text className='muted center'>对方在「安心家校」小程序「我的 → 输入邀请码」中输入或扫码。邀请码只显示这一次，请现在发给对方。</Text>
      <View className='btn-row'>
        <Button className='btn' onClick={() => void copy()}>复制邀请码</Button>
        {process.env.TARO_ENV === 'weapp' && (
          <Button className='btn primary' openType='share' data-path={invitePagePath(invite.code)} data-title={`邀请您加入安心家校：${invite.label}`}>发给对方</Button>
        )}
      </View>
    </View>
  );
}

/**
 * For a page that shows InviteCards (its config needs `enableShareAppMessage: true`): a card's 发给对方 button shares
 * the invite page with that code; the page's own share menu shares no code.
 */
export function useInviteShare(): void {
  useShareAppMessage((payload) => {
    const data = (payload.target as { dataset?: { path?: string; title?: string } } | undefined)?.dataset;
    return data?.path ? { title: data.title, path: data.path } : { title: '安心家校', path: ROUTES.home };
  });
}
