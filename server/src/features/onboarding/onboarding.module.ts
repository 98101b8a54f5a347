import { Module } from '@nestjs/common';
import { SubscriptionCreditsModule } from '../../platform/subscriptions/subscription-credits.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { OnboardingController } from './onboarding.controller';
import { OnboardingService } from './onboarding.service';
import { PosterMarks } from './poster-marks';
import { SetupService } from './setup.service';
import { SetupStatus } from './setup-status';
import { AuditModule } from '../../platform/audit/audit.module';

/**
 * Bringing a deployment to life: invites for a district's officers (made by `npm run admin`) and a school's first
 * administrator, one redemption route for every staff code, a school's set-up checklist, and the district console.
 */
@Module({
  imports: [TenancyModule, SubscriptionCreditsModule, AuditModule],
  controllers: [OnboardingController],
  providers: [OnboardingService, SetupService, SetupStatus, PosterMarks],
  exports: [PosterMarks, SetupStatus],
})
export class OnboardingModule {}
