import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsInt, Max, Min } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import { DELIVERY_REASONS, DELIVERY_VIAS, type DeliveryOutcome, type DeliveryReason, type DeliveryVia, type InboxItem, type Page, type UnreadCountResponse } from '@anxin/shared';

/** How the message reached the user besides the inbox (the app shows it with inboxDeliveryLabel). */
export class DeliveryOutcomeDto implements DeliveryOutcome {
  @ApiProperty({ enum: DELIVERY_VIAS }) via!: DeliveryVia;
  @ApiProperty({ enum: DELIVERY_REASONS, nullable: true, type: String }) reason!: DeliveryReason | null;
}

export class InboxItemDto implements InboxItem {
  @ApiProperty() id!: string;
  @ApiProperty() template!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ nullable: true, type: String }) page!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) readAt!: string | null;
  @ApiProperty({ type: DeliveryOutcomeDto }) delivery!: DeliveryOutcomeDto;
}

export class InboxPageDto implements Page<InboxItemDto> {
  @ApiProperty({ type: [InboxItemDto] }) items!: InboxItemDto[];
  @ApiProperty({ description: 'All items matching the filter (unreadOnly), ignoring limit and before' }) total!: number;
}

export class UnreadCountDto implements UnreadCountResponse {
  @ApiProperty() count!: number;
}

export class InboxQueryDto {
  @ApiPropertyOptional({ description: 'Only unread items' })
  @Omittable()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  unreadOnly?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: items created before this time (the createdAt of the last item seen)' })
  @Omittable() @IsDateString()
  before?: string;
}
