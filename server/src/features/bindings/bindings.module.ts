import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { BindingsController } from './bindings.controller';
import { BindingsService } from './bindings.service';

/** Owns guardian ↔ student bindings: the request (with the child-data consent), auto-approval by roster phone, decisions. */
@Module({ imports: [TenancyModule], controllers: [BindingsController], providers: [BindingsService] })
export class BindingsModule {}
