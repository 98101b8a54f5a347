import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { BindingsController } from './bindings.controller';
import { BindingNotices } from './binding-notices';
import { BindingsService } from './bindings.service';
import { AuditModule } from '../../platform/audit/audit.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';

/**
 * Owns guardian ↔ student bindings: the request (with the child-data consent), auto-approval by roster phone, decisions,
 * and telling the people concerned (BindingNotices).
 */
@Module({ imports: [TenancyModule, AuditModule, OutboxModule], controllers: [BindingsController], providers: [BindingsService, BindingNotices], exports: [BindingNotices] })
export class BindingsModule {}
