import { ApiProperty } from '@nestjs/swagger';
import type { BrowserSessionItem } from '@anxin/shared';

export class BrowserSessionDto implements BrowserSessionItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Chrome · Windows' }) browser!: string;
  @ApiProperty({ example: '2026-11-30', description: 'the UTC day it signed in (sessions keep no time of day)' }) signedInOn!: string;
  @ApiProperty({ example: '2026-12-01', description: 'the UTC day it was last used' }) lastUsedOn!: string;
  @ApiProperty({ description: 'the list was asked for from this browser' }) current!: boolean;
}
