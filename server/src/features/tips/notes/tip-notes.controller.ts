import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { IdParamDto } from '../../../platform/common/http/params.dto';
import { AddTipNoteDto, SetTipProgressDto, TipInternalProgressDto, TipInternalViewDto, TipNoteDto } from './tip-notes.dto';
import { TipNotesService } from './tip-notes.service';

/** Internal notes (内部备注) and the internal progress step of a case (staff only; never shown to the reporter). */
@ApiTags('tips (staff)')
@Controller()
export class TipNotesController {
  constructor(private readonly notes: TipNotesService) {}

  @Get('tips/:id/internal')
  @Authenticated({ permission: Permission.TIP_READ })
  @ApiOkResponse({ type: TipInternalViewDto })
  internal(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<TipInternalViewDto> {
    return this.notes.internal(auth, id);
  }

  @Post('tips/:id/notes')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiCreatedResponse({ type: TipNoteDto })
  addNote(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: AddTipNoteDto): Promise<TipNoteDto> {
    return this.notes.addNote(auth, id, dto.body);
  }

  @Put('tips/:id/progress')
  @Authenticated({ permission: Permission.TIP_HANDLE })
  @ApiOkResponse({ type: TipInternalProgressDto })
  setProgress(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SetTipProgressDto): Promise<TipInternalProgressDto> {
    return this.notes.setProgress(auth, id, dto);
  }
}
