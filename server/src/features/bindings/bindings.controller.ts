import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { BindingDto, BindingListQueryDto, CreateBindingDto, RejectBindingDto } from './bindings.dto';
import { BindingsService } from './bindings.service';

@ApiTags('bindings')
@Controller()
export class BindingsController {
  constructor(private readonly service: BindingsService) {}

  /** Any logged-in user asks to be a child's guardian (invite code + the child's full name). */
  @Post('bindings')
  @Authenticated()
  @ApiCreatedResponse({ type: BindingDto })
  request(@Auth() auth: AuthContext, @Body() dto: CreateBindingDto): Promise<BindingDto> {
    return this.service.request(auth, dto);
  }

  @Get('classes/:id/bindings')
  @Authenticated({ permission: Permission.BINDING_DECIDE })
  @ApiOkResponse({ type: [BindingDto] })
  list(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: BindingListQueryDto): Promise<BindingDto[]> {
    return this.service.listForClass(auth, id, q.status);
  }

  @Post('bindings/:id/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.BINDING_DECIDE })
  @ApiOkResponse({ type: BindingDto })
  approve(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<BindingDto> {
    return this.service.approve(auth, id);
  }

  @Post('bindings/:id/reject')
  @HttpCode(200)
  @Authenticated({ permission: Permission.BINDING_DECIDE })
  @ApiOkResponse({ type: BindingDto })
  reject(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: RejectBindingDto): Promise<BindingDto> {
    return this.service.reject(auth, id, dto);
  }
}
