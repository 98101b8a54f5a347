import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { MeResponse, PledgeListResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { schoolYearChoices, shanghaiToday } from '../pledge-form';
import { pledgeSchool, pledgeStatusLabel } from '../pledge-school';
import '../staff-pledges.css';

/**
 * 防范欺凌承诺书 for staff: the school's pledge of each school year with its state, version, deadline and how many
 * children are signed (over the classes the caller may see); principals and school admins open this year's.
 */
export function StaffPledgeListBody(props: { me: MeResponse }) {
  const school = pledgeSchool(props.me);
  const [data, setData] = useState<PledgeListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useOnShow(() => {
    if (!school) return;
    pledgesApi.list(school.id).then(
      (r) => {
        setData(r);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  });

  if (!school) return <View className='card'><Text className='muted'>承诺书由学校的校长、管理员发布，班主任查看本班的签署情况。</Text></View>;
  const [thisYear, nextYear] = schoolYearChoices(shanghaiToday());
  const hasThisYear = !!data?.items.some((p) => p.schoolYear === thisYear);
  const hasNextYear = !!data?.items.some((p) => p.schoolYear === nextYear);

  return (
    <View className='pledges-wide'>
      <View className='card'>
        <Text className='title'>防范校园欺凌承诺书</Text>
        <Text className='muted'>{school.name}：每学年一份，家长（和高年级学生）阅读后签字；谁还没签，一键提醒。</Text>
        {data?.canManage && !(hasThisYear && hasNextYear) && (
          <Button
            className='btn primary open-pledge'
            onClick={() => void openPage(hasThisYear ? `${ROUTES.pledgeEdit}?schoolYear=${encodeURIComponent(nextYear)}` : ROUTES.pledgeEdit)}
          >
            {`发布 ${hasThisYear ? nextYear : thisYear} 学年承诺书`}
          </Button>
        )}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!data && !error && <Text className='muted center'>加载中…</Text>}
      {data?.items.length === 0 && <View className='card'><Text className='muted'>还没有发布过承诺书。</Text></View>}
      {data?.items.map((p) => (
        <View
          key={p.id}
          className='entry staff-pledge-item'
          onClick={() => void openPage(`${ROUTES.pledgeDetail}?id=${encodeURIComponent(p.id)}`)}
          {...a11y({ role: 'button', label: `${p.schoolYear} 学年承诺书，${pledgeStatusLabel(p.status)}，已签署 ${p.totals.signed} / ${p.totals.students}` })}
        >
          <View className='row-main'>
            <View className='tag-line'>
              <Text className={`tag status-${p.status}`}>{pledgeStatusLabel(p.status)}</Text>
              <Text className='tag version-tag'>第 {p.currentVersion} 版</Text>
            </View>
            <Text className='staff-pledge-title'>{p.schoolYear} 学年</Text>
            <Text className='muted'>已签署 {p.totals.signed} / {p.totals.students}{p.totals.superseded ? ` · 需重新签署 ${p.totals.superseded}` : ''} · {p.deadline} 截止</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
    </View>
  );
}

export default function StaffPledgeListPage() {
  return <Screen>{(me) => <StaffPledgeListBody me={me} />}</Screen>;
}
