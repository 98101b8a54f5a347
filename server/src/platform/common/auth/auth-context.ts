import type { StaffRole } from '@anxin/shared';

export interface RoleGrant {
  role: StaffRole;
  schoolId: string | null;
  districtId: string | null;
}

/** Who is calling: resolved once per request by AuthGuard and handed to services as their first argument. */
export interface AuthContext {
  userId: string;
  sessionId: string;
  displayName: string;
  isDemo: boolean;
  roles: RoleGrant[];
  /** Classes the caller heads or teaches (teacher role). */
  teacherClassIds: string[];
  /** The request came with a browser session (signed in by scanning a code), not a phone's. */
  viaBrowser: boolean;
}
