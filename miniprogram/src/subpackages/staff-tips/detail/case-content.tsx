import { Text, View } from '@tarojs/components';
import { REPORTER_ROLE_LABELS, TIP_PLACE_LABELS, type TipDetail } from '@anxin/shared';
import { CasePhotos } from './case-photos';

/** What was reported: the text, when and where, who, who reported (named details only for those allowed), photos. */
export function CaseContent(props: { tip: TipDetail }) {
  const { tip } = props;
  return (
    <View className='card content'>
      <Text className='subtitle'>举报内容</Text>
      <Text className='p description'>{tip.description}</Text>
      <Text className='p'>时间：{tip.when || '未填写'}</Text>
      <Text className='p'>地点：{[tip.place ? TIP_PLACE_LABELS[tip.place] : '', tip.placeDetail ?? ''].filter(Boolean).join('，') || '未填写'}</Text>
      <Text className='p'>涉及人员：{tip.peopleInvolved || '未填写'}</Text>
      <Text className='p'>举报人：{REPORTER_ROLE_LABELS[tip.reporterRole]}</Text>
      {tip.filedBy && <Text className='p'>教师转报：{tip.filedBy.name}</Text>}
      {tip.named && (
        <View className='notice'>
          <Text className='p'>举报人留了姓名（仅负责人和经办人可见）：{tip.named.name}，{tip.named.contact}</Text>
        </View>
      )}
      <CasePhotos tip={tip} />
    </View>
  );
}
