import { IdentityTenancyAudit1764400000000 } from './1764400000000-identity-tenancy-audit';
import { Delivery1764400100000 } from './1764400100000-delivery';
import { StaffInvites1764420000000 } from './1764420000000-staff-invites';
import { Tips1764500000000 } from './1764500000000-tips';

/** Every migration, in order. Add new ones at the end (file name: `<timestamp>-<what>.ts`). */
export const MIGRATIONS = [IdentityTenancyAudit1764400000000, Delivery1764400100000, StaffInvites1764420000000, Tips1764500000000];
