import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../common/auth/auth.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { IdParamDto } from '../common/http/params.dto';
import { AuditCheckpointDto, AuditListQueryDto, AuditPageDto, AuditVerifyDto, AuditVerifyQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('schools/:id/audit')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  @Get()
  @Authenticated({ permission: Permission.AUDIT_READ })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: AuditListQueryDto): Promise<AuditPageDto> {
    return this.service.list(auth, id, q);
  }

  @Get('checkpoint')
  @Authenticated({ permission: Permission.AUDIT_READ })
  @ApiOkResponse({ type: AuditCheckpointDto })
  checkpoint(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<AuditCheckpointDto | null> {
    return this.service.checkpoint(auth, id);
  }

  @Get('verify')
  @Authenticated({ permission: Permission.AUDIT_READ })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: AuditVerifyQueryDto): Promise<AuditVerifyDto> {
    const checkpoint = q.checkpointSeq && q.checkpointHash ? { seq: q.checkpointSeq, hash: q.checkpointHash } : undefined;
    return this.service.verify(auth, id, checkpoint);
  }
}
