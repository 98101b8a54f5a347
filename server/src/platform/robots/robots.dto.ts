import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  ROBOT_NAME_MAX, ROBOT_SCOPES, ROBOT_WEBHOOK_MAX, type CreateRobotRequest, type RobotLastResult, type RobotListResponse, type RobotResponse, type RobotScope,
  type RobotSettings, type RobotStatus, type RobotTestState, type UpdateRobotRequest,
} from '@anxin/shared';
import { Omittable } from '../common/http/omittable';

const NAME_LENGTH = { message: `机器人名称为 1 到 ${ROBOT_NAME_MAX} 个字` };
const NAME_NOT_BLANK = { message: '机器人名称不能为空' };

export class CreateRobotDto implements CreateRobotRequest {
  @ApiProperty({ maxLength: ROBOT_NAME_MAX, example: '三年级1班家长群' })
  @IsString() @Length(1, ROBOT_NAME_MAX, NAME_LENGTH) @Matches(/\S/, NAME_NOT_BLANK)
  name!: string;

  @ApiProperty({ enum: ROBOT_SCOPES }) @IsIn(ROBOT_SCOPES, { message: 'scope 不正确' }) scope!: RobotScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'grade id (scope grade) or class id (scope class); left out for the whole school' })
  @Omittable() @IsUUID('all', { message: 'scopeId 格式不正确' }) scopeId?: string;

  @ApiProperty({ maxLength: ROBOT_WEBHOOK_MAX, description: 'The webhook key, or the whole webhook URL WeCom shows (…/cgi-bin/webhook/send?key=…). Never returned.' })
  @IsString() @Length(1, ROBOT_WEBHOOK_MAX, { message: 'webhook 长度不正确' }) webhook!: string;
}

export class UpdateRobotDto implements UpdateRobotRequest {
  @ApiPropertyOptional({ maxLength: ROBOT_NAME_MAX })
  @Omittable() @IsString() @Length(1, ROBOT_NAME_MAX, NAME_LENGTH) @Matches(/\S/, NAME_NOT_BLANK)
  name?: string;

  @ApiPropertyOptional({ description: 'false switches the robot off; true switches it back on' })
  @Omittable() @IsBoolean({ message: 'enabled 应为 true 或 false' }) enabled?: boolean;
}

export class RobotSettingsDto implements RobotSettings {
  @ApiProperty({ description: 'New notices also go to the robots of their audience (urgent warnings always do)' })
  @IsBoolean({ message: 'noticesToRobots 应为 true 或 false' }) noticesToRobots!: boolean;
}

export class SchoolRobotParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'robotId 格式不正确' }) robotId!: string;
}

export class RobotTestStateDto implements RobotTestState {
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ enum: ['queued', 'sent', 'failed'] }) status!: 'queued' | 'sent' | 'failed';
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class RobotDto implements RobotResponse {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROBOT_SCOPES }) scope!: RobotScope;
  @ApiProperty({ nullable: true, type: String }) scopeId!: string | null;
  @ApiProperty({ example: '三年级1班' }) scopeName!: string;
  @ApiProperty({ example: '****a1b2', description: 'Only the last four characters of the key' }) keyMasked!: string;
  @ApiProperty({ enum: ['active', 'disabled', 'broken'] }) status!: RobotStatus;
  @ApiProperty({ enum: ['sent', 'removed', 'rate_limited', 'failed'], nullable: true }) lastResult!: RobotLastResult | null;
  @ApiProperty({ nullable: true, type: String }) lastResultAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: RobotTestStateDto }) lastTest!: RobotTestStateDto | null;
  @ApiProperty() createdAt!: string;
}

export class RobotListDto implements RobotListResponse {
  @ApiProperty({ type: [RobotDto] }) robots!: RobotDto[];
  @ApiProperty({ type: RobotSettingsDto }) settings!: RobotSettingsDto;
}
