import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { SharesController } from './shares.controller';
import { SharesService } from './shares.service';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';

/** Owns shares, share_groups and share_opens: share cards into WeChat groups and what the school sees of them. */
@Module({
  imports: [TenancyModule, AuditModule, CryptoModule],
  controllers: [SharesController],
  providers: [SharesService],
})
export class SharesModule {}
