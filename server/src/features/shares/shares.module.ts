import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { SharesController } from './shares.controller';
import { SharesService } from './shares.service';

/** Owns shares, share_groups and share_opens: share cards into WeChat groups and what the school sees of them. */
@Module({
  imports: [TenancyModule],
  controllers: [SharesController],
  providers: [SharesService],
})
export class SharesModule {}
