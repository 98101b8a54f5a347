import { Module } from '@nestjs/common';
import { AuditModule } from '../../platform/audit/audit.module';
import { CryptoModule } from '../../platform/crypto/crypto.module';
import { BindingsModule } from '../bindings/bindings.module';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ChildDataOfficerService } from './child-data-officer.service';
import { GuardianRightsService } from './guardian-rights.service';
import { MyDataService } from './my-data.service';
import { MyDataController } from './privacy.controller';

/**
 * A guardian's rights over their data (docs/PRIVACY.md, "A guardian's rights"): 我的数据 as a page, a JSON file and a
 * spreadsheet; correcting, withdrawing consent, deleting the account; and each school's person responsible for
 * children's personal information. Reads the notices' and pledges' tables (receipts, signatures) without owning them.
 */
@Module({
  imports: [AuditModule, CryptoModule, BindingsModule, IdentityModule, TenancyModule],
  controllers: [MyDataController],
  providers: [MyDataService, GuardianRightsService, ChildDataOfficerService],
})
export class PrivacyModule {}
