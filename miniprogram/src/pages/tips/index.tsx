import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { EMERGENCY_NUMBERS, FIELD_LIMITS, INVITE_CODE_PATTERN, normalizeCode, SHARE_QUERY_PARAM, type MeResponse } from '@anxin/shared';
import { ApiError, NETWORK_ERROR, errorText } from '../../api/client';
import { inviteCodesApi } from '../../api/schools';
import { ContactCard, EmergencyNumbers, OfflineNote, call } from '../../components/ContactCard';
import { DangerNow } from '../../components/DangerNow';
import { PrivacyGate } from '../../components/Privacy';
import { OpenScreen, useShownAgain } from '../../components/Screen';
import { useAction } from '../../components/use-action';
import { ROUTES, openPage } from '../../routes';
import { useSchoolCard, type SchoolCardView } from '../../state/school-card';
import { enableGroupShareMenu, maySharePublicCard, useShareId, useShareOpenReport } from '../../state/share-card';
import { sharePath } from '../../api/shares';
import { rememberSchool, resolveTipSchool, type TipSchool } from './tip-school';
import { a11y } from '../../a11y';
import './index.css';

const isNetworkError = (e: unknown) => e instanceof ApiError && e.code === NETWORK_ERROR;

/**
 * 倾诉信箱 entry (main package, so it opens at once): 我现在有危险 → the emergency screen with tap-to-call
 * numbers, what anonymity means here (truthfully), and the ways in: write a report, or come back with a receipt.
 * The form, receipt and follow-up pages are in the `subpackages/tips` subpackage.
 *
 * It needs no account and no network: `me` is null until a session exists (or for good, offline), 110 and 12355
 * are constants, and the school contact's card comes from the device's copy when the server cannot be reached.
 * Before the privacy guide is agreed to (`privacyAccepted: false`) the page sends nothing: it offers the danger
 * screen and the guide. `?danger=1` opens the danger screen directly.
 */
export function TipsEntryBody(props: { me: MeResponse | null; privacyAccepted?: boolean }) {
  const accepted = props.privacyAccepted ?? true;
  const router = useRouter();
  const params = router.params ?? {};
  // Chosen here with the class invite code; otherwise resolved again when the session arrives (it may come after
  // the page, or never when offline), so the user's own school wins over what the device remembers.
  const [picked, setPicked] = useState<TipSchool | null>(null);
  const school = useMemo(() => picked ?? resolveTipSchool(params, props.me), [picked, props.me]);
  const [danger, setDanger] = useState(params.danger === '1');
  const [picking, setPicking] = useState(false);
  const cardView = useSchoolCard(school?.id ?? null, { fetch: accepted });
  const { card } = cardView;

  // Shown again (back from the form, or the app brought to the front): the card may have changed.
  useShownAgain(() => cardView.reload());

  const schoolName = card?.name || school?.name || '';

  // This page is the school's tip-box share card; opened from one (`?share=`), it reports the opening (docs/SHARING.md).
  // The share id is asked for once the school's card is here: the contact's number comes first.
  const shareId = useShareId('school', school?.id ?? null, accepted && card !== null && maySharePublicCard(props.me, school?.id ?? null));
  useShareOpenReport(params[SHARE_QUERY_PARAM], accepted && props.me !== null);
  useEffect(enableGroupShareMenu, []);
  useShareAppMessage(() => ({
    title: `${schoolName || '学校'} · 倾诉信箱`,
    path: school ? sharePath(ROUTES.tips, { schoolId: school.id, schoolName }, shareId) : ROUTES.tips,
  }));
  const query = (extra = '') =>
    school ? `?schoolId=${encodeURIComponent(school.id)}&schoolName=${encodeURIComponent(schoolName)}${extra}` : '';

  const choose = (s: TipSchool) => {
    rememberSchool(s);
    setPicked(s);
    setPicking(false);
  };
  const openDanger = () => {
    setDanger(true);
    void Promise.resolve(Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 })).catch(() => undefined);
  };

  if (danger) {
    return (
      <View className='tips-emergency'>
        <View className='card danger-card'>
          <Text className='title'>先保护好自己</Text>
          <Text className='p'>如果你现在有危险，请马上离开危险的地方，去人多的地方，或者找身边的老师、家长、保安。</Text>
          <Text className='p'>点下面的号码直接拨打：</Text>
          {EMERGENCY_NUMBERS.map((n) => (
            <Button key={n.number} className='btn danger-call' onClick={() => call(n.number)}>
              {n.name} {n.number}
            </Button>
          ))}
          {school && <DangerContact view={cardView} accepted={accepted} />}
        </View>
        <View className='card'>
          <Text className='subtitle'>也可以把发生的事告诉学校</Text>
          <Text className='p'>你的举报会标记为“有危险”，学校会最先处理。</Text>
          {school ? (
            <Button className='btn primary' onClick={() => void openPage(`${ROUTES.tipForm}${query('&inDanger=1')}`)}>
              继续填写举报
            </Button>
          ) : (
            <Text className='muted'>请先在上一页选择你的学校，再填写举报。</Text>
          )}
          <Button className='btn' onClick={() => setDanger(false)}>返回</Button>
        </View>
      </View>
    );
  }

  if (!accepted) {
    // The numbers process no personal data: they come before the privacy guide, which guards everything else.
    return (
      <View className='tips-entry'>
        <DangerNow onTap={openDanger} />
        <EmergencyNumbers />
        <PrivacyGate />
      </View>
    );
  }

  return (
    <View className='tips-entry'>
      <DangerNow onTap={openDanger} />

      <View className='card'>
        <Text className='title'>倾诉信箱</Text>
        <Text className='p'>被欺负了，或者看到同学被欺负，都可以告诉学校。你说的话会直接交给学校的欺凌防治负责人。</Text>
        {school && !picking ? (
          <View className='school-line'>
            <Text className='p'>学校：{schoolName || (cardView.loading ? '（加载中）' : '（暂时无法显示校名）')}</Text>
            <View className='link' {...a11y({ role: 'button' })} onClick={() => setPicking(true)}><Text>换一所学校</Text></View>
          </View>
        ) : (
          <SchoolPicker onChosen={choose} onCancel={school ? () => setPicking(false) : undefined} />
        )}
      </View>

      <View className='card anonymity'>
        <Text className='subtitle'>关于匿名</Text>
        <Text className='p'>· 学校看不到你是谁：举报里不记录你的微信账号、手机号、IP 地址或设备信息。</Text>
        <Text className='p'>· 微信知道你使用了本小程序（这由微信平台决定，我们无法改变）。</Text>
        <Text className='p'>· 你可以选择留下姓名和联系方式，方便老师找你；只有欺凌防治负责人和经办老师能看到。</Text>
        <Text className='muted'>你写的内容和照片本身也可能让人猜到是谁，请按你的意愿填写。</Text>
      </View>

      {school && !picking && (
        <View className='card'>
          <Button className='btn primary tip-start' onClick={() => void openPage(`${ROUTES.tipForm}${query()}`)}>
            我要倾诉/举报
          </Button>
          <Button className='btn' onClick={() => void openPage(`${ROUTES.tipFollowup}${query()}`)}>
            我有回执码（查看学校回复）
          </Button>
        </View>
      )}

      {cardView.error && !card ? <Text className='error-text'>{errorText(cardView.error)}</Text> : null}
      {card && <ContactCard card={card} offlineSince={cardView.loading ? null : cardView.cachedAt} />}
      <EmergencyNumbers />
    </View>
  );
}

/**
 * The school contact on the danger screen: from the server, or the device's copy (with when it was saved), or a
 * plain sentence saying why it cannot be shown. Never a retry button: 110 and 12355 above are what matters.
 */
function DangerContact(props: { view: SchoolCardView; accepted: boolean }) {
  const { card, cachedAt, loading, error } = props.view;
  const offline = cachedAt && !loading ? <OfflineNote savedAt={cachedAt} /> : null;
  if (card?.contact) {
    const { name, phone } = card.contact;
    return (
      <View>
        <Button className='btn danger-call contact-call' onClick={() => call(phone)}>
          学校欺凌防治负责人 {name} {phone}
        </Button>
        {offline}
      </View>
    );
  }
  let note: string;
  if (card) note = '学校尚未公布欺凌防治负责人，请找班主任或身边的老师。';
  else if (!props.accepted) note = '同意隐私保护指引后，这里会显示学校欺凌防治负责人的电话。';
  else if (loading) note = '正在获取学校欺凌防治负责人的电话…';
  else if (isNetworkError(error)) note = '没有网络，暂时无法显示学校欺凌防治负责人的电话。请先拨打上面的号码，或马上找身边的老师、家长。';
  else if (error) note = errorText(error);
  else return null;
  return (
    <View>
      <Text className='muted danger-contact-note'>{note}</Text>
      {offline}
    </View>
  );
}

/** No school known: find it with the class invite code (the same code families use to bind a child). */
function SchoolPicker(props: { onChosen: (s: TipSchool) => void; onCancel?: () => void }) {
  const [code, setCode] = useState('');
  const action = useAction();
  const find = async () => {
    const c = normalizeCode(code);
    if (!INVITE_CODE_PATTERN.test(c)) return action.refuse(`请输入班级邀请码（${FIELD_LIMITS.inviteCodeMin}–${FIELD_LIMITS.inviteCodeMax} 位字母或数字）`);
    await action.run(async () => {
      const r = await inviteCodesApi.lookup(c);
      props.onChosen({ id: r.schoolId, name: r.schoolName });
    });
  };
  return (
    <View className='school-picker'>
      <Text className='label'>先找到你的学校</Text>
      <Text className='muted'>输入班级邀请码（问班主任，或看班级群里的通知）。只用来找到学校，不会写进举报。</Text>
      <Input className='input school-code-input' value={code} placeholder='班级邀请码' maxlength={FIELD_LIMITS.inviteCodeTypedMax} onInput={(e) => setCode(e.detail.value)} onConfirm={() => void find()} />
      {action.error && <Text className='field-error'>{action.error}</Text>}
      <View className='btn-row'>
        <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void find()}>查找学校</Button>
        {props.onCancel && <Button className='btn' onClick={props.onCancel}>取消</Button>}
      </View>
    </View>
  );
}

export default function TipsPage() {
  return <OpenScreen>{({ me, accepted }) => <TipsEntryBody me={me} privacyAccepted={accepted} />}</OpenScreen>;
}
