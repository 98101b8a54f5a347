import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { IdParamDto } from '../../../platform/common/http/params.dto';
import { TipTriageService } from './tip-triage.service';
import {
  FloodBatchDto, FloodBatchResultDto, FloodParamDto, MergeTargetDto, MergeTipDto, TipFloodDto, TriageResultDto, TriageTipDto,
} from './tip-triage.dto';

/** Triage routes of the tip box: close by outcome, merge a duplicate, a school's floods and their batch (批量处理). */
@ApiTags('tips (staff)')
@Controller()
export class TipTriageController {
  constructor(private readonly triage: TipTriageService) {}

  @Post('tips/:id/triage')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TriageResultDto })
  close(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: TriageTipDto): Promise<TriageResultDto> {
    return this.triage.triage(auth, id, dto);
  }

  @Post('tips/:id/merge')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TriageResultDto })
  merge(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: MergeTipDto): Promise<TriageResultDto> {
    return this.triage.merge(auth, id, dto);
  }

  @Get('tips/:id/merge-targets')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: [MergeTargetDto] })
  mergeTargets(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<MergeTargetDto[]> {
    return this.triage.mergeTargets(auth, id);
  }

  @Get('schools/:id/tips/floods')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: [TipFloodDto] })
  floods(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipFloodDto[]> {
    return this.triage.listFloods(auth, id);
  }

  @Post('schools/:id/tips/floods/:floodId/batch')
  @HttpCode(200)
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: FloodBatchResultDto })
  batch(@Auth() auth: AuthContext, @Param() p: FloodParamDto, @Body() dto: FloodBatchDto): Promise<FloodBatchResultDto> {
    return this.triage.batch(auth, p.id, p.floodId, dto);
  }
}
