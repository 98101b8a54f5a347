import { useEffect, useState } from 'react';
import type { MeResponse } from '@anxin/shared';
import { ApiError, errorText } from '../../api/client';
import { schoolsApi } from '../../api/schools';
import { staffSchoolId } from '../../state/session';

export interface StaffClass { id: string; name: string }

/**
 * The classes this staff member works with: a teacher's own classes (from /me), or every class of the school
 * for principals and admins (GET /schools/{id}/classes). Names come from the school's class list.
 */
export function useStaffClasses(me: MeResponse): { classes: StaffClass[] | null; error: string | null } {
  const [classes, setClasses] = useState<StaffClass[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const schoolId = staffSchoolId(me);
  const teacherClassIds = me.roles.filter((r) => r.role === 'teacher').flatMap((r) => r.classIds);
  const isSchoolWide = me.roles.some((r) => r.role === 'principal' || r.role === 'admin');
  const key = `${schoolId}|${teacherClassIds.join(',')}|${isSchoolWide}`;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!schoolId) {
        setClasses([]);
        return;
      }
      try {
        const all = await schoolsApi.classes(schoolId);
        const named = all.map((c) => ({ id: c.id, name: `${c.gradeName}${c.name}` }));
        if (!cancelled) setClasses(isSchoolWide ? named : named.filter((c) => teacherClassIds.includes(c.id)));
      } catch (e) {
        if (cancelled) return;
        // A teacher still knows their own class ids without the list; only the names are missing then.
        if (!isSchoolWide && teacherClassIds.length && e instanceof ApiError && e.status !== 0) {
          setClasses(teacherClassIds.map((id, i) => ({ id, name: teacherClassIds.length > 1 ? `我的班级 ${i + 1}` : '我的班级' })));
        } else setError(errorText(e));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [key]);
  return { classes, error };
}
