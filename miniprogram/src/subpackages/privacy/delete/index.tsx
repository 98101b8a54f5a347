import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ACCOUNT_DELETE_CONFIRM, RETAINED_AFTER_DELETION, type DeleteAccountResponse } from '@anxin/shared';
import { privacyApi } from '../../../api/privacy';
import { storage } from '../../../api/storage';
import { Screen } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { sessionStore } from '../../../state/session';
import '../privacy.css';

/**
 * 注销账号: what is deleted at once, what the school keeps (why and until when), and the confirmation word. The
 * session ends with the account, so the app forgets its token and shows the signed-out state.
 */
export function DeleteAccountBody() {
  const [word, setWord] = useState('');
  const action = useAction();
  const [done, setDone] = useState<DeleteAccountResponse | null>(null);
  const submit = () => action.run(async () => {
    setDone(await privacyApi.deleteAccount({ confirm: word.trim() }));
    storage.setToken(null);
  }, { errors: 'toast' });
  if (done) {
    return (
      <View className='card'>
        <Text className='title'>账号已注销</Text>
        <Text className='p'>
          您的账号、绑定、消息和登录记录已删除。学校保留的记录：承诺书签名 {done.retained.pledgeSignatures} 份、通知回执 {done.retained.noticeReceipts} 份，以“已注销的家长”的名义保存，到期删除。
        </Text>
        <Button className='btn' onClick={() => sessionStore.set({ me: null, loading: false, error: null, signedOut: true })}>完成</Button>
      </View>
    );
  }
  return (
    <View>
      <View className='card'>
        <Text className='title'>注销后立即删除</Text>
        <Text className='p'>您的称呼和微信登录标识、与孩子的绑定、您可以撤回的同意记录、应用内消息、登录记录和尚未发出的提醒。注销后不能恢复；以后再使用需要重新绑定孩子。</Text>
      </View>
      <View className='card'>
        <Text className='title'>学校需要保留的记录</Text>
        {RETAINED_AFTER_DELETION.map((r) => (
          <View key={r.what} className='pv-retained'>
            <Text className='p'>{r.what}</Text>
            <Text className='muted'>原因：{r.why}</Text>
            <Text className='muted'>保存到：{r.until}</Text>
          </View>
        ))}
        <Text className='muted'>这些记录中的您将显示为“已注销的家长（您与孩子的关系）”，不再显示您的称呼或微信信息。匿名倾诉/举报不属于任何账号，不受影响。</Text>
      </View>
      <View className='card'>
        <Text className='label'>请输入“{ACCOUNT_DELETE_CONFIRM}”确认</Text>
        <Input className='input pv-confirm-word' value={word} onInput={(e) => setWord(e.detail.value)} />
        <Button className='btn danger' disabled={action.busy || word.trim() !== ACCOUNT_DELETE_CONFIRM || undefined} onClick={() => void submit()}>注销账号</Button>
      </View>
    </View>
  );
}

export default function DeleteAccountPage() {
  return <Screen>{() => <DeleteAccountBody />}</Screen>;
}
