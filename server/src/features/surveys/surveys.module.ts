import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { WechatModule } from '../../platform/wechat/wechat.module';
import { PeriodicJobsModule } from '../../platform/worker/periodic-jobs.module';
import { TipsModule } from '../tips/tips.module';
import { SurveyAccess } from './survey-access';
import { SurveyAnsweringService } from './survey-answering.service';
import { SurveyDistrictController } from './survey-district.controller';
import { SurveyDistrictService } from './survey-district.service';
import { SurveyFindingsService } from './survey-findings.service';
import { SurveyGuardianController } from './survey-guardian.controller';
import { SurveyParentsService } from './survey-parents.service';
import { SurveyPublishingService } from './survey-publishing.service';
import { SurveyReportsService } from './survey-reports.service';
import { SurveyStaffController } from './survey-staff.controller';
import { SurveyStudentController } from './survey-student.controller';
import { SurveyTextCheckService } from './survey-text-check.service';

/**
 * Anonymous bullying surveys (see docs/SURVEYS.md): the standard questionnaire (shared) with the school's own
 * questions, opening a survey for chosen classes in a window, one-time codes per class (kept only as keyed HMACs),
 * answering without an account, response rates and the report with its small-cell rule. Owns surveys, survey_codes and
 * survey_answers and survey_findings. Imports TipsModule for its rate limiter (wrong codes are counted like wrong tip
 * receipts), WechatModule and PeriodicJobsModule for the background content check of free text, and adds the findings
 * a school marks, the district's view across schools and the parent questionnaire (answered through a binding).
 */
@Module({
  imports: [AuditModule, CryptoModule, TipsModule, WechatModule, PeriodicJobsModule],
  controllers: [SurveyStaffController, SurveyStudentController, SurveyDistrictController, SurveyGuardianController],
  providers: [
    SurveyAccess, SurveyPublishingService, SurveyAnsweringService, SurveyReportsService, SurveyTextCheckService, SurveyFindingsService,
    SurveyDistrictService, SurveyParentsService,
  ],
})
export class SurveysModule {}
