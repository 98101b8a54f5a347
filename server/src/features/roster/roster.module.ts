import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

/** Owns the roster import from the schools' own Excel files, and its template. */
@Module({ imports: [TenancyModule], controllers: [RosterController], providers: [RosterService] })
export class RosterModule {}
