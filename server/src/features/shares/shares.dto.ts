import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  SHARE_GROUP_NAME_MAX, SHARE_SUBJECT_KINDS, WECHAT_VALUE_LIMITS, type CreateShareRequest, type NameShareGroupRequest, type ShareGroupResponse,
  type ShareGroupStat, type ShareOpenRequest, type ShareOpenResponse, type ShareResponse, type ShareStatsResponse, type ShareSubjectKind,
} from '@anxin/shared';
import { Omittable } from '../../platform/common/http/omittable';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class CreateShareDto implements CreateShareRequest {
  @ApiProperty({ enum: SHARE_SUBJECT_KINDS }) @IsIn(SHARE_SUBJECT_KINDS, { message: 'kind 不正确' }) kind!: ShareSubjectKind;
  @ApiProperty({ format: 'uuid', description: 'school: the school id; invite: the invite code id' })
  @IsUUID('all', { message: 'subjectId 格式不正确' }) subjectId!: string;
}

export class ShareDto implements ShareResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SHARE_SUBJECT_KINDS }) kind!: ShareSubjectKind;
  @ApiProperty() subjectId!: string;
}

/** Both fields or neither: what wx.getGroupEnterInfo gave, as WeChat gave it (base64). */
export class ShareOpenDto implements ShareOpenRequest {
  @ApiPropertyOptional({ description: 'base64, from wx.getGroupEnterInfo', minLength: WECHAT_VALUE_LIMITS.groupInfoMin, maxLength: WECHAT_VALUE_LIMITS.groupInfoMax })
  @Omittable() @IsString() @Length(WECHAT_VALUE_LIMITS.groupInfoMin, WECHAT_VALUE_LIMITS.groupInfoMax) @Matches(BASE64, { message: 'encryptedData 应为 base64' }) encryptedData?: string;
  @ApiPropertyOptional({ description: 'base64 of 16 bytes, from wx.getGroupEnterInfo', minLength: WECHAT_VALUE_LIMITS.groupInfoIvLength, maxLength: WECHAT_VALUE_LIMITS.groupInfoIvLength })
  @Omittable() @IsString() @Length(WECHAT_VALUE_LIMITS.groupInfoIvLength, WECHAT_VALUE_LIMITS.groupInfoIvLength) @Matches(BASE64, { message: 'iv 应为 base64' }) iv?: string;
}

export class ShareOpenResultDto implements ShareOpenResponse {
  @ApiProperty() counted!: boolean;
  @ApiProperty() fromGroup!: boolean;
}

export class SchoolGroupParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'groupId 格式不正确' }) groupId!: string;
}

export class NameShareGroupDto implements NameShareGroupRequest {
  @ApiProperty({ maxLength: SHARE_GROUP_NAME_MAX, example: '三年级1班家长群' })
  @IsString() @Length(1, SHARE_GROUP_NAME_MAX, { message: `群名称为 1 到 ${SHARE_GROUP_NAME_MAX} 个字` }) @Matches(/\S/, { message: '群名称不能为空' })
  name!: string;
}

export class ShareGroupDto implements ShareGroupResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class ShareGroupStatDto implements ShareGroupStat {
  @ApiProperty() groupId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() opens!: number;
}

export class ShareStatsDto implements ShareStatsResponse {
  @ApiProperty() shareId!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: SHARE_SUBJECT_KINDS }) kind!: ShareSubjectKind;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: [ShareGroupStatDto] }) groups!: ShareGroupStatDto[];
  @ApiProperty() notFromGroup!: number;
  @ApiProperty() total!: number;
}
