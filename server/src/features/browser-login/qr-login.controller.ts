import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, Authenticated, Public } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { QrLoginSceneParamDto, QrLoginScanDto, QrLoginStatusDto, QrLoginStatusQueryDto, QrLoginTicketDto, QrLoginTicketParamDto } from './qr-login.dto';
import { QrLoginStatusService } from './qr-login-status.service';
import { QrLoginService, type BrowserClient } from './qr-login.service';

/** The browser as the server sees it (behind a proxy trusted by TRUST_PROXY, as the proxy saw it). */
function browserClient(req: FastifyRequest): BrowserClient {
  return { address: req.ip, userAgent: req.headers['user-agent'], h5Origin: `${req.protocol}://${req.host}` };
}

/** 扫码登录: a desktop browser shows a code, a staff member scans and confirms it in the mini-program. */
@ApiTags('auth')
@Controller()
export class QrLoginController {
  constructor(private readonly codes: QrLoginService, private readonly status: QrLoginStatusService) {}

  @Post('auth/qr')
  @Public()
  @ApiCreatedResponse({ type: QrLoginTicketDto })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED: too many codes from this address in ten minutes' })
  create(@Req() req: FastifyRequest): Promise<QrLoginTicketDto> {
    return this.codes.create(browserClient(req));
  }

  @Get('auth/qr/:ticket')
  @Public()
  @ApiOkResponse({ type: QrLoginStatusDto })
  @ApiResponse({ status: 404, description: 'no such code, or not its poll token' })
  look(@Param() { ticket }: QrLoginTicketParamDto, @Query() q: QrLoginStatusQueryDto): Promise<QrLoginStatusDto> {
    return this.status.status(ticket, q.poll, { wait: q.wait, seen: q.seen });
  }

  @Post('auth/qr/:scene/scan')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: QrLoginScanDto })
  @ApiResponse({ status: 403, description: 'QR_LOGIN_NOT_STAFF: only staff sign in a browser' })
  @ApiResponse({ status: 410, description: 'QR_LOGIN_EXPIRED: the code timed out, was used or cancelled, or another phone scanned it' })
  scan(@Auth() auth: AuthContext, @Param() { scene }: QrLoginSceneParamDto): Promise<QrLoginScanDto> {
    return this.codes.scan(auth, scene);
  }

  @Post('auth/qr/:scene/confirm')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiResponse({ status: 403, description: 'QR_LOGIN_NOT_STAFF' })
  @ApiResponse({ status: 410, description: 'QR_LOGIN_EXPIRED' })
  confirm(@Auth() auth: AuthContext, @Param() { scene }: QrLoginSceneParamDto): Promise<void> {
    return this.codes.confirm(auth, scene);
  }

  @Post('auth/qr/:scene/cancel')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiResponse({ status: 410, description: 'QR_LOGIN_EXPIRED' })
  cancel(@Auth() auth: AuthContext, @Param() { scene }: QrLoginSceneParamDto): Promise<void> {
    return this.codes.cancel(auth, scene);
  }
}
