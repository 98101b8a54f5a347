import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { CorrectNoticeDto, NoticeTemplateListDto, ReviewNoticeDto } from './notice-corrections.dto';
import { NoticeCorrectionsService } from './notice-corrections.service';
import { NoticeReviewService } from './notice-review.service';
import { NoticeTemplates } from './notice-templates';
import { NoticeStaffDetailDto } from './notices.dto';

/** Staff: correct a published notice, the principal's review of a marked one, and the templates a notice starts from. */
@ApiTags('notices (staff)')
@Controller()
export class NoticeEditorialController {
  constructor(private readonly corrections: NoticeCorrectionsService, private readonly reviews: NoticeReviewService, private readonly templates: NoticeTemplates) {}

  @Post('notices/:id/corrections')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiCreatedResponse({ type: NoticeStaffDetailDto, description: 'the correction, published now to the same audience (of the chain\'s latest notice)' })
  @ApiResponse({ status: 409, description: 'NOTICE_RECALLED: a recalled notice is not corrected; NOTICE_STATE_INVALID: a draft or scheduled notice; NOTICE_CHANGED: corrected meanwhile' })
  @ApiResponse({ status: 422, description: 'NOTICE_CONTENT_RISKY: refused by WeChat\'s content check; NOTICE_TIME_INVALID' })
  @ApiResponse({ status: 503, description: 'the content check could not be made: nothing was published' })
  correct(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CorrectNoticeDto): Promise<NoticeStaffDetailDto> {
    return this.corrections.correct(auth, id, dto);
  }

  @Post('notices/:id/review')
  @HttpCode(200)
  @Authenticated({ permission: Permission.NOTICE_REVIEW })
  @ApiOkResponse({ type: NoticeStaffDetailDto, description: 'the mark cleared (keep) or the notice recalled with the note as reason' })
  @ApiResponse({ status: 409, description: 'NOTICE_STATE_INVALID: no review mark (or already decided)' })
  review(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: ReviewNoticeDto): Promise<NoticeStaffDetailDto> {
    return this.reviews.review(auth, id, dto);
  }

  @Get('notice-templates')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeTemplateListDto, description: 'letters home for each semester and an anti-bullying warning, the current semester\'s first' })
  list(): NoticeTemplateListDto {
    return this.templates.list();
  }
}
