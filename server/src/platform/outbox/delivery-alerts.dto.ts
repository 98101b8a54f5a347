import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import {
  DELIVERY_REASONS, DELIVERY_STATS_MAX_DAYS, DELIVERY_VIAS, type DeliveryAlert, type DeliveryCount, type DeliveryKindStats,
  type DeliveryReason, type DeliveryStats, type DeliveryVia,
} from '@anxin/shared';

/** A delivery problem the school admin should see (a message late or undeliverable on WeChat). */
export class DeliveryAlertDto implements DeliveryAlert {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['delivery.undelivered', 'delivery.failed', 'delivery.dead', 'delivery.contact_unreachable', 'delivery.robot_removed'] }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String }) subjectType!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
}

export class DeliveryAlertPageDto {
  @ApiProperty({ type: [DeliveryAlertDto] }) items!: DeliveryAlertDto[];
  @ApiProperty() total!: number;
}

export class DeliveryAlertQueryDto {
  @ApiPropertyOptional({ maximum: 200, default: 50 }) @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class DeliveryTestDto {
  @ApiProperty({ description: 'Dedupe key of the enqueued test message' }) dedupeKey!: string;
}

export class DeliveryCountDto implements DeliveryCount {
  @ApiProperty({ enum: DELIVERY_VIAS }) via!: DeliveryVia;
  @ApiProperty({ enum: DELIVERY_REASONS, nullable: true, type: String }) reason!: DeliveryReason | null;
  @ApiProperty() count!: number;
}

export class DeliveryKindStatsDto implements DeliveryKindStats {
  @ApiProperty({ description: 'Message kind (template registry), e.g. tip.new' }) kind!: string;
  @ApiProperty() total!: number;
  @ApiProperty() wechat!: number;
  @ApiProperty() wecomRobot!: number;
  @ApiProperty() inboxOnly!: number;
  @ApiProperty() undelivered!: number;
  @ApiProperty() pending!: number;
  @ApiProperty({ type: [DeliveryCountDto] }) counts!: DeliveryCountDto[];
}

export class DeliveryStatsDto implements DeliveryStats {
  @ApiProperty() schoolId!: string;
  @ApiProperty() days!: number;
  @ApiProperty() since!: string;
  @ApiProperty({ type: [DeliveryKindStatsDto] }) kinds!: DeliveryKindStatsDto[];
}

export class DeliveryStatsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: DELIVERY_STATS_MAX_DAYS, default: 30 })
  @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(DELIVERY_STATS_MAX_DAYS)
  days?: number;
}
