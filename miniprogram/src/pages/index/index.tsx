import { useState } from 'react';
import type { MeResponse } from '@anxin/shared';
import { Screen } from '../../components/Screen';
import { DistrictHome } from './district-home';
import { GuardianHome } from './guardian-home';
import { homeAudience, rememberStudent } from './home-audience';
import { StudentHome } from './student-home';

/** 首页: a home of its own for each kind of user (home-audience.ts decides whose it is). */
export function HomeBody(props: { me: MeResponse }) {
  const { me } = props;
  const [, chosen] = useState(0);
  // A real user without roles or children chooses on this device; in the demo the banner's role decides.
  const choose = (student: boolean) => {
    rememberStudent(student);
    chosen((n) => n + 1);
  };
  const free = !me.isDemo && me.roles.length === 0 && me.students.length === 0;
  const current = homeAudience(me);
  if (current === 'district') return <DistrictHome me={me} />;
  if (current === 'student') return <StudentHome me={me} onGuardian={free ? () => choose(false) : undefined} />;
  return <GuardianHome me={me} onStudent={free ? () => choose(true) : undefined} />;
}

export default function HomePage() {
  return <Screen>{(me) => <HomeBody me={me} />}</Screen>;
}
