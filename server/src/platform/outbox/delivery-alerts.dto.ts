import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import type { DeliveryAlert } from '@anxin/shared';

/** A delivery problem the school admin should see (a message late or undeliverable on WeChat). */
export class DeliveryAlertDto implements DeliveryAlert {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['delivery.undelivered', 'delivery.failed', 'delivery.dead'] }) kind!: string;
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
