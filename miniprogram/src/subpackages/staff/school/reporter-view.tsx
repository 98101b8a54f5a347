import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';

/**
 * 举报人看到的处理记录: with the receipt, a reporter sees who at the school opened the report and when. By role only
 * (欺凌防治负责人 于 11月30日 09:12 查看了你的举报) unless the school chooses to show names too.
 */
export function ReporterViewCard(props: { schoolId: string }) {
  const [showNames, setShowNames] = useState<boolean | null>(null);
  const action = useAction();
  useEffect(() => {
    tipsApi.reporterView(props.schoolId).then((s) => setShowNames(s.showStaffNames), (e) => toast(errorText(e)));
  }, [props.schoolId]);

  const choose = (value: boolean) => action.run(async () => {
    setShowNames((await tipsApi.saveReporterView(props.schoolId, { showStaffNames: value })).showStaffNames);
  }, { done: '已保存', errors: 'toast' });

  return (
    <View className='card reporter-view'>
      <Text className='subtitle'>举报人看到的处理记录</Text>
      <Text className='muted'>举报人凭回执码可以看到：学校里谁在什么时候打开、受理了举报，以及超时升级的时间，让孩子知道举报真的被收到了。</Text>
      {showNames !== null && (
        <View className='choice-list'>
          <View {...a11y({ role: 'button' })} className={`choice${showNames ? '' : ' selected'}`} onClick={() => !action.busy && showNames && void choose(false)}>只显示职务（如：欺凌防治负责人）</View>
          <View {...a11y({ role: 'button' })} className={`choice${showNames ? ' selected' : ''}`} onClick={() => !action.busy && !showNames && void choose(true)}>显示姓名和职务（如：张静（欺凌防治负责人））</View>
        </View>
      )}
      {action.busy && <Button className='btn small' disabled>正在保存…</Button>}
    </View>
  );
}
