import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MeStudentDto } from '../identity/me.dto';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { ChildDataOfficerService } from './child-data-officer.service';
import { GuardianRightsService } from './guardian-rights.service';
import { myDataJson, myDataXlsx } from './my-data-files';
import { MyDataService } from './my-data.service';
import {
  ChildDataOfficerDto, CorrectBindingDto, DeleteAccountDto, DeleteAccountResultDto, GiveConsentAgainDto, MyDataDto, ProfileDto,
  SetChildDataOfficerDto, UpdateProfileDto,
} from './privacy.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** 我的数据: a guardian sees, downloads and corrects what is held about them, withdraws consent, deletes the account. */
@ApiTags('privacy')
@Controller()
export class MyDataController {
  constructor(private readonly data: MyDataService, private readonly rights: GuardianRightsService, private readonly officers: ChildDataOfficerService) {}

  @Get('me/data')
  @Authenticated()
  @ApiOkResponse({ type: MyDataDto, description: 'everything held about the caller and their bound children (never anonymous tips)' })
  myData(@Auth() auth: AuthContext): Promise<MyDataDto> {
    return this.data.collect(auth);
  }

  @Get('me/data.json')
  @Authenticated()
  @ApiProduces('application/json')
  @ApiOkResponse({ ...BINARY, description: 'the same document as GET /me/data, as a file' })
  async myDataJson(@Auth() auth: AuthContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = myDataJson(await this.data.collect(auth));
    void reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', attachmentDisposition('my-data.json', '我的数据.json')).header('cache-control', 'no-store');
    return file;
  }

  @Get('me/data.xlsx')
  @Authenticated()
  @ApiProduces(XLSX)
  @ApiOkResponse({ ...BINARY, description: 'the same document as a spreadsheet, one sheet per kind of record' })
  async myDataXlsx(@Auth() auth: AuthContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await myDataXlsx(await this.data.collect(auth));
    void reply.header('content-type', XLSX).header('content-disposition', attachmentDisposition('my-data.xlsx', '我的数据.xlsx')).header('cache-control', 'no-store');
    return file;
  }

  @Patch('me/profile')
  @Authenticated()
  @ApiOkResponse({ type: ProfileDto })
  updateProfile(@Auth() auth: AuthContext, @Body() dto: UpdateProfileDto): Promise<ProfileDto> {
    return this.rights.updateProfile(auth, dto);
  }

  @Patch('me/bindings/:id')
  @Authenticated()
  @ApiOkResponse({ type: MeStudentDto, description: "corrects the caller's relation to the child (404 for anyone else's binding)" })
  correctRelation(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CorrectBindingDto): Promise<MeStudentDto> {
    return this.rights.correctRelation(auth, id, dto);
  }

  @Post('me/bindings/:id/withdraw-consent')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: MeStudentDto, description: 'the binding is suspended and the class teacher told (409 BINDING_STATE_INVALID when not approved or pending)' })
  withdrawConsent(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<MeStudentDto> {
    return this.rights.withdrawConsent(auth, id);
  }

  @Post('me/bindings/:id/consent')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: MeStudentDto, description: 'a suspended binding returns to pending: the class teacher approves it again' })
  consentAgain(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: GiveConsentAgainDto): Promise<MeStudentDto> {
    return this.rights.consentAgain(auth, id, dto);
  }

  @Post('me/account/delete')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: DeleteAccountResultDto, description: 'deletes the account at once (409 ACCOUNT_HAS_STAFF_ROLES for staff); the session ends' })
  deleteAccount(@Auth() auth: AuthContext, @Body() _dto: DeleteAccountDto): Promise<DeleteAccountResultDto> {
    return this.rights.deleteAccount(auth);
  }

  @Get('me/child-data-officers')
  @Authenticated()
  @ApiOkResponse({ type: [ChildDataOfficerDto], description: "the person responsible for children's data of each school the caller belongs to" })
  myOfficers(@Auth() auth: AuthContext): Promise<ChildDataOfficerDto[]> {
    return this.officers.mine(auth);
  }

  @Get('schools/:id/child-data-officer')
  @Authenticated({ permission: Permission.SCHOOL_READ })
  @ApiOkResponse({ type: ChildDataOfficerDto })
  officer(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<ChildDataOfficerDto> {
    return this.officers.get(auth, id);
  }

  @Put('schools/:id/child-data-officer')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiOkResponse({ type: ChildDataOfficerDto, description: 'audited: child_data_officer.changed' })
  setOfficer(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SetChildDataOfficerDto): Promise<ChildDataOfficerDto> {
    return this.officers.set(auth, id, dto);
  }
}
