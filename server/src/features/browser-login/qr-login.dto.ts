import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  QR_LOGIN, QR_LOGIN_WAITING_STATUSES, QR_POLL_TOKEN_PATTERN, QR_SCENE_PATTERN,
  type QrLoginRefusal, type QrLoginScanResponse, type QrLoginStatus, type QrLoginStatusResponse,
  type QrLoginTicketResponse, type QrLoginWaitingStatus, type SessionResponse,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';
import { SessionDto } from '../identity/auth.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export class QrLoginTicketDto implements QrLoginTicketResponse {
  @ApiProperty({ format: 'uuid' }) ticket!: string;
  @ApiProperty({ description: 'send it back as `poll` to read the answer; only this browser has it' }) pollToken!: string;
  @ApiProperty({ description: `the code works until then (${QR_LOGIN.ttlSeconds} s), once` }) expiresAt!: string;
  @ApiProperty({ description: 'data URL: a mini-program code (PNG), or a plain QR code of the h5 link (SVG) when WeChat cannot make one' }) image!: string;
  @ApiProperty({ enum: ['wxacode', 'link'] }) imageKind!: 'wxacode' | 'link';
}

export class QrLoginTicketParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'ticket 格式不正确' })
  ticket!: string;
}

export class QrLoginSceneParamDto {
  @ApiProperty({ description: "the code's scene (the confirm page reads it from its launch query)", pattern: QR_SCENE_PATTERN.source })
  @IsString() @Matches(QR_SCENE_PATTERN, { message: 'scene 格式不正确' })
  scene!: string;
}

export class QrLoginStatusQueryDto {
  @ApiProperty({ description: 'the poll token from POST /auth/qr', pattern: QR_POLL_TOKEN_PATTERN.source })
  @IsString() @Matches(QR_POLL_TOKEN_PATTERN, { message: 'poll 格式不正确' })
  poll!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: QR_LOGIN.maxWaitSeconds, description: 'seconds to wait for a change before answering (long poll); 0 answers at once' })
  @Omittable() @Transform(toInt) @IsInt() @Min(0) @Max(QR_LOGIN.maxWaitSeconds)
  wait?: number;

  @ApiPropertyOptional({ enum: QR_LOGIN_WAITING_STATUSES, description: 'the state the browser shows now: the wait ends as soon as the code is in another one' })
  @Omittable() @IsIn(QR_LOGIN_WAITING_STATUSES)
  seen?: QrLoginWaitingStatus;
}

export class QrLoginStatusDto implements QrLoginStatusResponse {
  @ApiProperty({ enum: ['pending', 'scanned', 'confirmed', 'expired', 'refused'] }) status!: QrLoginStatus;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ enum: ['cancelled', 'not_staff'], nullable: true, type: String }) refusal!: QrLoginRefusal | null;
  @ApiProperty({ type: SessionDto, nullable: true, description: '`confirmed`: the browser session, in this one answer only' }) login!: SessionResponse | null;
}

export class QrLoginScanDto implements QrLoginScanResponse {
  @ApiProperty({ example: 'Chrome · Windows' }) browser!: string;
  @ApiProperty({ example: '网络 203.0.*.*' }) location!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty() expiresAt!: string;
}

