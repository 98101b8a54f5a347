import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { NoticeDraftsService } from './notice-drafts.service';
import { NoticePublishingService } from './notice-publishing.service';
import {
  NoticeComposerDto, NoticeDraftDto, NoticeListDto, NoticeListQueryDto, NoticeSettingsDto, NoticeSettingsViewDto, NoticeStaffDetailDto,
  PublishNoticeDto, RecallNoticeDto,
} from './notices.dto';

/** Staff: write, list, publish and recall notices. Who may do what to which notice: NoticeAccess. */
@ApiTags('notices (staff)')
@Controller()
export class NoticeStaffController {
  constructor(private readonly drafts: NoticeDraftsService, private readonly publishing: NoticePublishingService) {}

  @Get('schools/:id/notices/composer')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeComposerDto, description: 'the grades and classes the caller may address, link targets, the warning hint' })
  composer(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<NoticeComposerDto> {
    return this.drafts.composer(auth, id);
  }

  @Put('schools/:id/notice-settings')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeSettingsViewDto, description: 'principals and school admins' })
  settings(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: NoticeSettingsDto): Promise<NoticeSettingsViewDto> {
    return this.drafts.settings(auth, id, dto);
  }

  @Post('schools/:id/notices')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiCreatedResponse({ type: NoticeStaffDetailDto, description: 'a draft' })
  create(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: NoticeDraftDto): Promise<NoticeStaffDetailDto> {
    return this.drafts.create(auth, id, dto);
  }

  @Get('schools/:id/notices')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiOkResponse({ type: NoticeListDto })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: NoticeListQueryDto): Promise<NoticeListDto> {
    return this.drafts.list(auth, id, q);
  }

  @Get('notices/:id')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiOkResponse({ type: NoticeStaffDetailDto })
  detail(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<NoticeStaffDetailDto> {
    return this.drafts.detail(auth, id);
  }

  @Put('notices/:id')
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeStaffDetailDto })
  @ApiResponse({ status: 409, description: 'NOTICE_NOT_EDITABLE: published or scheduled notices do not change' })
  update(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: NoticeDraftDto): Promise<NoticeStaffDetailDto> {
    return this.drafts.update(auth, id, dto);
  }

  @Post('notices/:id/publish')
  @HttpCode(200)
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeStaffDetailDto, description: 'published (the receipts follow in the background) or scheduled' })
  @ApiResponse({ status: 422, description: 'NOTICE_CONTENT_RISKY: refused by WeChat\'s content check; NOTICE_TIME_INVALID' })
  @ApiResponse({ status: 503, description: 'the content check could not be made: nothing was published' })
  publish(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: PublishNoticeDto): Promise<NoticeStaffDetailDto> {
    return this.publishing.publish(auth, id, dto);
  }

  @Post('notices/:id/recall')
  @HttpCode(200)
  @Authenticated({ permission: Permission.NOTICE_MANAGE })
  @ApiOkResponse({ type: NoticeStaffDetailDto })
  recall(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: RecallNoticeDto): Promise<NoticeStaffDetailDto> {
    return this.publishing.recall(auth, id, dto);
  }
}
