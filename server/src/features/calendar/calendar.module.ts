import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/**
 * A district's school-year calendar. Other features read it through the plain functions of district-calendar.ts
 * (with their own EntityManager), so none of them needs this module.
 */
@Module({
  imports: [TenancyModule, AuditModule],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
