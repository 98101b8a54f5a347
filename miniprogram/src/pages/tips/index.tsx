import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { EMERGENCY_NUMBERS, type MeResponse, type SchoolPublicResponse } from '@anxin/shared';
import { errorText } from '../../api/client';
import { inviteCodesApi, schoolsApi } from '../../api/schools';
import { ContactCard, call } from '../../components/ContactCard';
import { Screen, useOnShow } from '../../components/Screen';
import { ROUTES, openPage } from '../../routes';
import { rememberSchool, resolveTipSchool, type TipSchool } from './tip-school';
import './index.css';

/**
 * 倾诉信箱 entry (main package, so it opens at once): 我现在有危险 → the emergency screen with tap-to-call
 * numbers, what anonymity means here (truthfully: security checklist A5), and the ways in: write a report,
 * or come back with a receipt. The form, receipt and follow-up pages are in the `subpackages/tips` subpackage.
 */
export function TipsEntryBody(props: { me: MeResponse }) {
  const router = useRouter();
  const [school, setSchool] = useState<TipSchool | null>(() => resolveTipSchool(router.params ?? {}, props.me));
  const [card, setCard] = useState<SchoolPublicResponse | null>(null);
  const [cardError, setCardError] = useState<string | null>(null);
  const [danger, setDanger] = useState(false);
  const [picking, setPicking] = useState(false);

  const loadCard = (s: TipSchool | null) => {
    if (!s) return;
    schoolsApi.publicCard(s.id).then(
      (c) => {
        setCard(c);
        setCardError(null);
      },
      (e) => setCardError(errorText(e)),
    );
  };
  useOnShow(() => loadCard(school));

  const schoolName = card?.name || school?.name || '';
  const numbers = card?.emergencyNumbers?.length ? card.emergencyNumbers : [...EMERGENCY_NUMBERS];
  const query = (extra = '') =>
    school ? `?schoolId=${encodeURIComponent(school.id)}&schoolName=${encodeURIComponent(schoolName)}${extra}` : '';

  const choose = (s: TipSchool) => {
    rememberSchool(s);
    setSchool(s);
    setCard(null);
    setPicking(false);
    loadCard(s);
  };

  if (danger) {
    return (
      <View className='tips-emergency'>
        <View className='card danger-card'>
          <Text className='title'>先保护好自己</Text>
          <Text className='p'>如果你现在有危险，请马上离开危险的地方，去人多的地方，或者找身边的老师、家长、保安。</Text>
          <Text className='p'>点下面的号码直接拨打：</Text>
          {numbers.map((n) => (
            <Button key={n.number} className='btn danger-call' onClick={() => call(n.number)}>
              {n.name} {n.number}
            </Button>
          ))}
          {card?.contact && (
            <Button className='btn danger-call contact-call' onClick={() => call(card.contact!.phone)}>
              学校欺凌防治负责人 {card.contact.name} {card.contact.phone}
            </Button>
          )}
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

  return (
    <View className='tips-entry'>
      <Button
        className='btn danger-now'
        onClick={() => {
          setDanger(true);
          void Promise.resolve(Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 })).catch(() => undefined);
        }}
      >
        我现在有危险
      </Button>

      <View className='card'>
        <Text className='title'>倾诉信箱</Text>
        <Text className='p'>被欺负了，或者看到同学被欺负，都可以告诉学校。你说的话会直接交给学校的欺凌防治负责人。</Text>
        {school && !picking ? (
          <View className='school-line'>
            <Text className='p'>学校：{schoolName || '（加载中）'}</Text>
            <View className='link' role='button' onClick={() => setPicking(true)}><Text>换一所学校</Text></View>
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

      {cardError && <Text className='error-text'>{cardError}</Text>}
      {card && <ContactCard card={card} />}
      <View className='card'>
        <Text className='subtitle'>紧急求助</Text>
        {numbers.map((n) => (
          <Button key={n.number} className='btn danger' onClick={() => call(n.number)}>
            {n.name} {n.number}
          </Button>
        ))}
      </View>
    </View>
  );
}

/** No school known: find it with the class invite code (the same code families use to bind a child). */
function SchoolPicker(props: { onChosen: (s: TipSchool) => void; onCancel?: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    const c = code.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[A-Z0-9]{4,16}$/.test(c)) {
      setError('请输入班级邀请码（4–16 位字母或数字）');
      return;
    }
    setBusy(true);
    try {
      const r = await inviteCodesApi.lookup(c);
      props.onChosen({ id: r.schoolId, name: r.schoolName });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='school-picker'>
      <Text className='label'>先找到你的学校</Text>
      <Text className='muted'>输入班级邀请码（问班主任，或看班级群里的通知）。只用来找到学校，不会写进举报。</Text>
      <Input className='input school-code-input' value={code} placeholder='班级邀请码' maxlength={20} onInput={(e) => setCode(e.detail.value)} onConfirm={() => void find()} />
      {error && <Text className='field-error'>{error}</Text>}
      <View className='btn-row'>
        <Button className='btn primary' disabled={busy || undefined} onClick={() => void find()}>查找学校</Button>
        {props.onCancel && <Button className='btn' onClick={props.onCancel}>取消</Button>}
      </View>
    </View>
  );
}

export default function TipsPage() {
  return <Screen>{(me) => <TipsEntryBody me={me} />}</Screen>;
}
