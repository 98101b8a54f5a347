import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { DangerNow } from '../../components/DangerNow';
import { OpenScreen } from '../../components/Screen';
import { ROUTES } from '../../routes';

/**
 * Where a link to a page that does not exist lands (an old poster, a mistyped address): never a blank page. It needs
 * no account and keeps 我现在有危险 first, because the link may have been meant for the tip box.
 */
export function NotFoundBody() {
  return (
    <View>
      <DangerNow />
      <View className='card center'>
        <Text className='title'>页面不存在</Text>
        <Text className='p'>这个链接打不开，可能写错了或已经失效。</Text>
        <Button className='btn primary' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>返回首页</Button>
      </View>
    </View>
  );
}

export default function NotFoundPage() {
  return <OpenScreen>{() => <NotFoundBody />}</OpenScreen>;
}
