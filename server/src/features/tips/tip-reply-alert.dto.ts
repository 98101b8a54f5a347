import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { ReplyAlertRequest, ReplyAlertState } from '@anxin/shared';

export class ReplyAlertDto implements ReplyAlertRequest {
  @ApiProperty() @IsBoolean() on!: boolean;
}

export class ReplyAlertStateDto implements ReplyAlertState {
  @ApiProperty() on!: boolean;
}
