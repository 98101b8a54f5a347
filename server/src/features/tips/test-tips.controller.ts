import { Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { TestTipsService } from './test-tips.service';
import { SendTestTipResponseDto } from './tips.dto';

/** 测试举报: the school's admin or principal tests its tip box from the set-up checklist (TestTipsService). */
@ApiTags('tips (staff)')
@Controller()
export class TestTipsController {
  constructor(private readonly testTips: TestTipsService) {}

  @Post('schools/:id/test-tips')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiCreatedResponse({ type: SendTestTipResponseDto })
  send(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<SendTestTipResponseDto> {
    return this.testTips.send(auth, id);
  }
}
