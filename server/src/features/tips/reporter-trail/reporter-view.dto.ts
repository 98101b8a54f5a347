import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { ReporterViewSettings } from '@anxin/shared';

export class ReporterViewSettingsDto implements ReporterViewSettings {
  @ApiProperty({ description: "show staff names beside their roles in the reporter's 处理记录 (default false: roles only)" })
  @IsBoolean()
  showStaffNames!: boolean;
}
