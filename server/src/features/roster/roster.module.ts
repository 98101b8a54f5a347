import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';
import { AuditModule } from '../../platform/audit/audit.module';

/** Owns the roster import from the schools' own Excel files, and its template. */
@Module({ imports: [TenancyModule, AuditModule], controllers: [RosterController], providers: [RosterService] })
export class RosterModule {}
