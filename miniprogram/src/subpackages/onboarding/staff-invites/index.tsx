import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import {
  mayGrantRole, Permission, ROLE_PERMISSIONS, SCHOOL_ROLE_LABELS, SchoolRole, type MeResponse, type StaffRoleResponse,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { onboardingApi } from '../../../api/onboarding';
import { schoolsApi } from '../../../api/schools';
import { InviteCard, useInviteShare, type IssuedInvite } from '../../../components/InviteCard';
import { Screen, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import '../onboarding.css';

/** Roles a school invites by code (the contact is named in 学校设置, the principal comes from the district). */
const INVITABLE: SchoolRole[] = [SchoolRole.TEACHER, SchoolRole.COMMITTEE, SchoolRole.ADMIN];
const ROLE_HINTS: Partial<Record<SchoolRole, string>> = {
  teacher: '可选班级：班主任和任课教师审核本班家长的绑定，查看本班花名册',
  committee: '欺凌处置委员会成员：处理转交给他们的案件（只有校长可以邀请）',
  admin: '学校管理员：管理学校信息、花名册和教职工，看不到举报内容',
};

/** The school this user invites staff to, and the roles they hold there. */
export function inviterSchool(me: MeResponse): { id: string; name: string; roles: SchoolRole[] } | null {
  const r = me.roles.find((x) => x.schoolId && ROLE_PERMISSIONS[x.role]?.includes(Permission.STAFF_MANAGE));
  if (!r?.schoolId) return null;
  return { id: r.schoolId, name: r.schoolName ?? '', roles: me.roles.filter((x) => x.schoolId === r.schoolId).map((x) => x.role as SchoolRole) };
}

/**
 * Staff invitations of a school (administrators and principals): pick the role the caller may grant (ROLE_GRANTERS:
 * committee members only the principal) and, for a teacher, the classes; the new code is shown once with its QR code.
 * Below, who already works at the school.
 */
export function StaffInvitesBody(props: { me: MeResponse }) {
  const school = inviterSchool(props.me);
  const roles = INVITABLE.filter((r) => school && mayGrantRole(school.roles, r));
  const [role, setRole] = useState<SchoolRole>(roles[0] ?? SchoolRole.TEACHER);
  const [classes, setClasses] = useState<{ id: string; name: string }[]>([]);
  const [classIds, setClassIds] = useState<string[]>([]);
  const [staff, setStaff] = useState<StaffRoleResponse[] | null>(null);
  const [issued, setIssued] = useState<IssuedInvite | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const creating = useAction();
  // One line above the button shows the load's error or 生成邀请码's, whichever came last: each clears the other.
  const error = creating.error ?? loadError;
  useInviteShare();

  useOnShow(() => {
    if (!school) return;
    Promise.all([schoolsApi.classes(school.id), schoolsApi.staff(school.id)]).then(
      ([cls, st]) => {
        setClasses(cls.map((c) => ({ id: c.id, name: `${c.gradeName}${c.name}` })));
        setStaff(st);
        setLoadError(null);
        creating.clear();
      },
      (e) => {
        creating.clear();
        setLoadError(errorText(e));
      },
    );
  });

  if (!school || !roles.length) {
    return (
      <View className='card'>
        <Text className='muted'>教职工邀请由学校管理员和校长发出。</Text>
      </View>
    );
  }

  const toggleClass = (id: string) => setClassIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const create = async () => {
    setLoadError(null);
    await creating.run(async () => {
      const invite = await onboardingApi.staffInvite(school.id, { role, ...(role === SchoolRole.TEACHER && classIds.length ? { classIds } : {}) });
      const classNames = classes.filter((c) => invite.classIds.includes(c.id)).map((c) => c.name).join('、');
      setIssued({ label: `${SCHOOL_ROLE_LABELS[role]} · ${school.name}${classNames ? ` · ${classNames}` : ''}`, code: invite.code, qrDataUrl: invite.qrDataUrl, expiresAt: invite.expiresAt });
    });
  };

  return (
    <View className='wide-page onboarding-wide'>
      <View>
        <View className='card'>
          <Text className='title'>邀请教职工</Text>
          <Text className='muted'>生成一次性邀请码，对方在「我的 → 输入邀请码」中使用后加入{school.name}。</Text>
          <View className='choice-list'>
            {roles.map((r) => (
              <View key={r} {...a11y({ role: 'radio', checked: role === r })} className={`choice${role === r ? ' selected' : ''}`} onClick={() => setRole(r)}>
                {SCHOOL_ROLE_LABELS[r]}
              </View>
            ))}
          </View>
          <Text className='muted'>{ROLE_HINTS[role]}</Text>
          {role === SchoolRole.TEACHER && classes.length > 0 && (
            <View className='choice-list'>
              {classes.map((c) => (
                <View key={c.id} {...a11y({ role: 'checkbox', checked: classIds.includes(c.id) })} className={`choice${classIds.includes(c.id) ? ' selected' : ''}`} onClick={() => toggleClass(c.id)}>
                  {c.name}
                </View>
              ))}
            </View>
          )}
          {error && <Text className='error-text'>{error}</Text>}
          <Button className='btn primary' disabled={creating.busy || undefined} onClick={() => void create()}>{creating.busy ? '正在生成…' : '生成邀请码'}</Button>
        </View>
        {issued && <InviteCard invite={issued} />}
      </View>
      <View className='card staff-list'>
        <Text className='subtitle'>本校教职工</Text>
        {staff === null && !error && <Text className='muted'>加载中…</Text>}
        {staff?.length === 0 && <Text className='muted'>还没有教职工。</Text>}
        {staff?.map((s) => (
          <View key={s.id} className='row'>
            <Text className='p'>{s.userName || '（未填写姓名）'}</Text>
            <Text className='tag approved'>{SCHOOL_ROLE_LABELS[s.role]}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function StaffInvitesPage() {
  return <Screen>{(me) => <StaffInvitesBody me={me} />}</Screen>;
}
