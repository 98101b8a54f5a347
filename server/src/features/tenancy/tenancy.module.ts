import { Module } from '@nestjs/common';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { AttemptLimiter } from './attempt-limiter';
import { CaseRoleNotices } from './case-role-notices';
import { ClassController } from './class.controller';
import { ClassService } from './class.service';
import { InviteCodeController } from './invite-code.controller';
import { InviteCodeService } from './invite-code.service';
import { PhoneHasher } from './phone-hash';
import { SchoolController } from './school.controller';
import { SchoolService } from './school.service';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';

/**
 * Owns district → school → grade → class → student, staff roles and invitations, the designated contact,
 * class invite codes and the keyed phone hash. (AccessService, the object-level check, lives in CoreModule.)
 */
@Module({
  imports: [PeriodicJobsModule, AuditModule, CryptoModule, OutboxModule],
  controllers: [SchoolController, ClassController, StaffController, InviteCodeController],
  providers: [SchoolService, ClassService, StaffService, InviteCodeService, AttemptLimiter, PhoneHasher, CaseRoleNotices],
  exports: [InviteCodeService, AttemptLimiter, PhoneHasher, SchoolService, StaffService],
})
export class TenancyModule {}
