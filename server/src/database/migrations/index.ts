import { IdentityTenancyAudit1764400000000 } from './1764400000000-identity-tenancy-audit';

/** Every migration, in order. Add new ones at the end (file name: `<timestamp>-<what>.ts`). */
export const MIGRATIONS = [IdentityTenancyAudit1764400000000];
