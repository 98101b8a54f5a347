import { useEffect, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { formatDateTime, type InviteCodeResponse, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { openPoster, posterFiles } from '../../../api/posters';
import { inviteCodesApi } from '../../../api/schools';
import { sharePath } from '../../../api/shares';
import { ROUTES } from '../../../routes';
import { enableGroupShareMenu, useShareId } from '../../../state/share-card';
import { ShareStats } from '../share-stats';
import { Screen, toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { useStaffClasses } from '../staff-classes';
import { a11y } from '../../../a11y';

export function InvitesBody(props: { me: MeResponse }) {
  const { classes, error: classError } = useStaffClasses(props.me);
  const [classId, setClassId] = useState<string | null>(null);
  const [codes, setCodes] = useState<InviteCodeResponse[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const creating = useAction();
  const revoking = useAction();
  const [printing, setPrinting] = useState<string | null>(null);

  useEffect(() => {
    if (classes?.length && !classId) setClassId(classes[0].id);
  }, [classes, classId]);

  useEffect(() => {
    if (!classId) return;
    setCodes(null);
    inviteCodesApi.list(classId).then(
      (list) => {
        setCodes(list);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [classId]);

  const create = async () => {
    if (!classId) return;
    await creating.run(async () => {
      const code = await inviteCodesApi.create(classId);
      setCodes((list) => [code, ...(list ?? [])]);
    }, { errors: 'toast' });
  };

  const revoke = async (c: InviteCodeResponse) => {
    const { confirm } = await Taro.showModal({ title: '作废邀请码', content: `作废后 ${c.code} 不能再用于绑定，已绑定的家长不受影响。` });
    if (!confirm) return;
    await revoking.run(async () => {
      const updated = await inviteCodesApi.revoke(c.id);
      setCodes((list) => list?.map((x) => (x.id === c.id ? updated : x)) ?? null);
    }, { errors: 'toast' });
  };

  const printPoster = async (c: InviteCodeResponse) => {
    setPrinting(c.id);
    try {
      await openPoster(posterFiles.invite(c.id));
    } catch (e) {
      toast(errorText(e));
    } finally {
      setPrinting(null);
    }
  };

  const err = classError ?? error;
  return (
    <View>
      <View className='card'>
        <Text className='title'>班级邀请码</Text>
        <Text className='muted'>把邀请码或二维码发到班级家长群，家长在“绑定孩子”中输入或扫码。</Text>
        {classes && classes.length > 1 && (
          <View className='choice-list'>
            {classes.map((c) => (
              <View key={c.id} {...a11y({ role: 'button' })} className={`choice${classId === c.id ? ' selected' : ''}`} onClick={() => setClassId(c.id)}>
                {c.name}
              </View>
            ))}
          </View>
        )}
        {classes && classes.length === 0 && <Text className='muted'>您还没有负责的班级。</Text>}
        <Button className='btn primary' disabled={!classId || creating.busy || undefined} onClick={() => void create()}>生成新邀请码</Button>
      </View>
      {err && <Text className='error-text'>{err}</Text>}
      {codes?.length === 0 && <Text className='muted center'>这个班级还没有邀请码</Text>}
      {codes?.map((c) => (
        <View key={c.id} className='card invite-code'>
          <Text className='muted'>{c.className}</Text>
          <Text className='code-text'>{c.code}</Text>
          {c.revokedAt ? (
            <Text className='tag rejected'>已作废 {formatDateTime(c.revokedAt)}</Text>
          ) : (
            <View>
              <Image className='qr' src={c.qrDataUrl} mode='aspectFit' showMenuByLongpress />
              <Text className='muted center'>创建于 {formatDateTime(c.createdAt)}</Text>
              <Button className='btn' disabled={printing === c.id || undefined} onClick={() => void printPoster(c)}>
                {printing === c.id ? '正在生成…' : '下载海报（A4）'}
              </Button>
              <InviteShare invite={c} />
              <Button className='btn danger' onClick={() => void revoke(c)}>作废</Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

/**
 * An active code as a share card into the class's parent group (WeChat only: the share button), and which groups
 * the card reached (docs/SHARING.md).
 */
function InviteShare(props: { invite: InviteCodeResponse }) {
  const shareId = useShareId('invite', props.invite.id, true);
  if (!shareId) return null;
  const path = sharePath(ROUTES.bind, { code: props.invite.code }, shareId);
  return (
    <View>
      {process.env.TARO_ENV === 'weapp' && (
        <Button className='btn' openType='share' data-path={path} data-title={`${props.invite.className} 家长绑定邀请`}>分享到家长群</Button>
      )}
      <ShareStats shareId={shareId} />
    </View>
  );
}

export default function InvitesPage() {
  useEffect(enableGroupShareMenu, []);
  // The share button of a code carries its card (data-path, data-title); the page's own menu shares no code.
  useShareAppMessage((payload) => {
    const data = (payload.target as { dataset?: { path?: string; title?: string } } | undefined)?.dataset;
    return data?.path ? { title: data.title, path: data.path } : { title: '安心家校', path: ROUTES.home };
  });
  return <Screen>{(me) => <InvitesBody me={me} />}</Screen>;
}
