import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { TipsModule } from '../tips/tips.module';
import { SurveyAccess } from './survey-access';
import { SurveyAnsweringService } from './survey-answering.service';
import { SurveyPublishingService } from './survey-publishing.service';
import { SurveyReportsService } from './survey-reports.service';
import { SurveyStaffController } from './survey-staff.controller';
import { SurveyStudentController } from './survey-student.controller';

/**
 * Anonymous bullying surveys (see docs/SURVEYS.md): the standard questionnaire (shared) with the school's own
 * questions, opening a survey for chosen classes in a window, one-time codes per class (kept only as keyed HMACs),
 * answering without an account, response rates and the report with its small-cell rule. Owns surveys, survey_codes and
 * survey_answers. Imports TipsModule for its rate limiter (wrong codes are counted like wrong tip receipts).
 */
@Module({
  imports: [AuditModule, CryptoModule, TipsModule],
  controllers: [SurveyStaffController, SurveyStudentController],
  providers: [SurveyAccess, SurveyPublishingService, SurveyAnsweringService, SurveyReportsService],
})
export class SurveysModule {}
