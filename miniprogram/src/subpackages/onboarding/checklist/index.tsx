import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDateTime, Permission, ROLE_PERMISSIONS, SETUP_ITEM_TITLES, type MeResponse, type SchoolSetupResponse, type SetupItem, type SetupItemKey } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { onboardingApi } from '../../../api/onboarding';
import { Screen, useOnShow } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { a11y } from '../../../a11y';
import { TestTipButton } from './test-tip-button';
import '../onboarding.css';

/** Where each row is done, and what the button says. Rows of features that do not exist yet have none. */
export const SETUP_LINKS: Partial<Record<SetupItemKey, { label: string; url: string }>> = {
  contact: { label: '去学校设置', url: ROUTES.school },
  contact_alerts: { label: '去工作台', url: ROUTES.staffHome },
  committee: { label: '邀请委员', url: ROUTES.staffInvites },
  roster: { label: '导入花名册', url: ROUTES.roster },
  class_teachers: { label: '邀请教师', url: ROUTES.staffInvites },
  poster: { label: '下载海报', url: ROUTES.school },
  letter_home: { label: '写家长信', url: ROUTES.noticeCompose },
  pledge: { label: '开启承诺书', url: ROUTES.staffPledges },
};

const MARKS: Record<SetupItem['status'], string> = { done: '✓', todo: '!', coming_soon: '…' };
const STATUS_WORDS: Record<SetupItem['status'], string> = { done: '已完成', todo: '待完成', coming_soon: '即将开放' };

/** The school whose set-up this user looks after: a school role that may manage it (admin, principal). */
export function managedSchool(me: MeResponse): { id: string; name: string } | null {
  const r = me.roles.find((x) => x.schoolId && ROLE_PERMISSIONS[x.role]?.includes(Permission.SCHOOL_MANAGE));
  return r?.schoolId ? { id: r.schoolId, name: r.schoolName ?? '' } : null;
}

/** `test` (the 测试倾诉信箱 row only): the school and what to do once a test tip is sent. */
export function SetupRow(props: { item: SetupItem; test?: { schoolId: string; onSent: () => void } }) {
  const { item, test } = props;
  const link = item.status === 'todo' ? SETUP_LINKS[item.key] : undefined;
  return (
    <View className='setup-row'>
      <View className={`setup-mark ${item.status}`} {...a11y({ role: 'img', label: STATUS_WORDS[item.status] })}>{MARKS[item.status]}</View>
      <View className='setup-main'>
        <Text className='setup-title'>{SETUP_ITEM_TITLES[item.key]}</Text>
        <Text className='muted'>{STATUS_WORDS[item.status]} · {item.detail}{item.at ? `（${formatDateTime(item.at)}）` : ''}</Text>
        {link && <Button className='btn small' onClick={() => void openPage(link.url)}>{link.label}</Button>}
        {item.key === 'tip_test' && item.status === 'todo' && test && <TestTipButton schoolId={test.schoolId} onSent={test.onSent} />}
      </View>
    </View>
  );
}

/**
 * A school's set-up checklist for its administrators and principal: what the policy asks a school to have in place
 * before students and parents use the tip box, each with where to do it. Rows marked 即将开放 are features still to
 * come and are not counted.
 */
export function ChecklistBody(props: { me: MeResponse }) {
  const school = managedSchool(props.me);
  const [setup, setSetup] = useState<SchoolSetupResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    if (!school) return;
    onboardingApi.schoolSetup(school.id).then(
      (s) => {
        setSetup(s);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  };
  useOnShow(load);

  if (!school) {
    return (
      <View className='card'>
        <Text className='muted'>学校开通清单由学校管理员和校长查看。</Text>
      </View>
    );
  }
  return (
    <View className='wide-page onboarding-wide'>
      <View className='card'>
        <Text className='title'>{setup?.schoolName ?? school.name}</Text>
        {setup && (
          <Text className='setup-progress'>
            {setup.complete ? '开通事项已全部完成' : `已完成 ${setup.done} / ${setup.total} 项`}
          </Text>
        )}
        <Text className='muted'>学生和家长开始使用倾诉信箱前，请先完成下面的事项。</Text>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!setup && !error && <Text className='muted center'>加载中…</Text>}
      {setup && (
        <View className='card'>
          {setup.items.map((item) => <SetupRow key={item.key} item={item} test={{ schoolId: school.id, onSent: load }} />)}
        </View>
      )}
    </View>
  );
}

export default function ChecklistPage() {
  return <Screen>{(me) => <ChecklistBody me={me} />}</Screen>;
}
