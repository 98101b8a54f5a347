import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiResponse, ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { LedgerDistrictService } from './ledger-district.service';
import { LedgerExportsService } from './ledger-exports.service';
import { readLedgerUpload } from './ledger-files';
import {
  CreateLedgerActivityDto, CreateLedgerExportDto, LEDGER_UPLOAD_SCHEMA, LedgerActivityDto, LedgerCatalogueDto, LedgerDistrictResponseDto,
  LedgerExportDto, LedgerExportListDto, LedgerFileRefDto, LedgerResponseDto, LedgerSemesterQueryDto, PutLedgerDutyDto, UpdateLedgerActivityDto,
} from './ledger.dto';
import { LedgerService } from './ledger.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

/** The anti-bullying work ledger (docs/WORK-LEDGER.md): a school's ledger and activities, its inspection exports, the district's view. */
@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly exportsService: LedgerExportsService,
    private readonly district: LedgerDistrictService,
  ) {}

  @Get('schools/:id/ledger')
  @Authenticated({ permission: Permission.LEDGER_READ })
  @ApiOkResponse({ type: LedgerResponseDto, description: "the school's ledger of the semester: each duty's status and evidence" })
  read(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: LedgerSemesterQueryDto): Promise<LedgerResponseDto> {
    return this.ledger.read(auth, id, q.semester);
  }

  @Post('schools/:id/ledger/activities')
  @Authenticated({ permission: Permission.LEDGER_RECORD })
  @ApiCreatedResponse({ type: LedgerActivityDto, description: 'recorded (a teacher: class meetings of their classes and their own training)' })
  create(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateLedgerActivityDto): Promise<LedgerActivityDto> {
    return this.ledger.create(auth, id, dto);
  }

  @Patch('ledger/activities/:id')
  @Authenticated({ permission: Permission.LEDGER_RECORD })
  @ApiOkResponse({ type: LedgerActivityDto, description: 'changed; the change is audited with what it was before' })
  update(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: UpdateLedgerActivityDto): Promise<LedgerActivityDto> {
    return this.ledger.update(auth, id, dto);
  }

  @Post('ledger/activities/:id/files')
  @Authenticated({ permission: Permission.LEDGER_RECORD })
  @ApiConsumes('multipart/form-data')
  @ApiBody(LEDGER_UPLOAD_SCHEMA)
  @ApiCreatedResponse({ type: LedgerFileRefDto, description: 'a photo (re-encoded without EXIF/GPS) or a PDF, named by the server' })
  @ApiResponse({ status: 409, description: 'LEDGER_FILES_FULL: the activity has the most photos or PDFs allowed' })
  @ApiResponse({ status: 413, description: 'over LEDGER_LIMITS.fileBytesMax, or a picture of more than 40 megapixels' })
  @ApiResponse({ status: 415, description: 'not a JPEG, PNG or PDF (read from the first bytes)' })
  async upload(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Req() req: FastifyRequest): Promise<LedgerFileRefDto> {
    await this.ledger.assertMayAdd(auth, id); // before the file is read
    return this.ledger.addFile(auth, id, await readLedgerUpload(req));
  }

  @Get('ledger/files/:id')
  @Authenticated({ permission: Permission.LEDGER_READ })
  @ApiProduces('image/jpeg', 'application/pdf')
  @ApiOkResponse({ ...BINARY, description: "an activity's photo or PDF: whoever may read the school's ledger" })
  async file(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const f = await this.ledger.file(auth, id);
    return new StreamableFile(f.data, {
      type: f.mime, length: f.data.length, disposition: f.kind === 'photo' ? 'inline' : attachmentDisposition(f.name.replace(/[^\x20-\x7e]/g, '') || 'ledger.pdf', f.name),
    });
  }

  @Post('schools/:id/ledger/exports')
  @HttpCode(202)
  @Authenticated({ permission: Permission.LEDGER_EXPORT })
  @ApiAcceptedResponse({ type: LedgerExportDto, description: 'queued; the worker makes the PDF and the xlsx' })
  requestExport(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: CreateLedgerExportDto): Promise<LedgerExportDto> {
    return this.exportsService.request(auth, id, dto.semester);
  }

  @Get('schools/:id/ledger/exports')
  @Authenticated({ permission: Permission.LEDGER_EXPORT })
  @ApiOkResponse({ type: LedgerExportListDto })
  listExports(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<LedgerExportListDto> {
    return this.exportsService.list(auth, id);
  }

  @Get('ledger/exports/:id/ledger.pdf')
  @Authenticated({ permission: Permission.LEDGER_EXPORT })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'the inspection PDF (409 while not ready, 404 after expiry)' })
  async pdf(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.exportsService.file(auth, id, 'pdf');
    return new StreamableFile(data, { type: 'application/pdf', disposition: attachmentDisposition('work-ledger.pdf', fileName) });
  }

  @Get('ledger/exports/:id/ledger.xlsx')
  @Authenticated({ permission: Permission.LEDGER_EXPORT })
  @ApiProduces(XLSX)
  @ApiOkResponse({ ...BINARY, description: 'the index of every record (409 while not ready, 404 after expiry)' })
  async xlsx(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    const { data, fileName } = await this.exportsService.file(auth, id, 'xlsx');
    return new StreamableFile(data, { type: XLSX, disposition: attachmentDisposition('work-ledger.xlsx', fileName) });
  }

  @Get('districts/:id/ledger')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: LedgerDistrictResponseDto, description: "each school's duties side by side: statuses and counts only" })
  districtOverview(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: LedgerSemesterQueryDto): Promise<LedgerDistrictResponseDto> {
    return this.district.overview(auth, id, q.semester);
  }

  @Get('districts/:id/ledger/duties')
  @Authenticated({ permission: Permission.DISTRICT_READ })
  @ApiOkResponse({ type: LedgerCatalogueDto, description: "the district's duties catalogue (the defaults as changed, and its own)" })
  catalogue(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<LedgerCatalogueDto> {
    return this.district.catalogue(auth, id);
  }

  @Put('districts/:id/ledger/duties')
  @Authenticated({ permission: Permission.DISTRICT_MANAGE })
  @ApiOkResponse({ type: LedgerCatalogueDto, description: 'a duty changed (key given) or added (key left out); audited in the district chain' })
  putDuty(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: PutLedgerDutyDto): Promise<LedgerCatalogueDto> {
    return this.district.putDuty(auth, id, dto);
  }
}
