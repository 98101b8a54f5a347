import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional } from 'class-validator';
import { Public } from '../common/auth/auth.decorators';
import { Clock } from '../common/clock/clock';

export class MoveClockDto {
  @ApiPropertyOptional({ description: 'Move the clock forward (or back) by this many milliseconds' }) @IsOptional() @IsInt() advanceMs?: number;
  @ApiPropertyOptional({ description: 'Set the clock to this ISO time' }) @IsOptional() @IsDateString() at?: string;
}

export class ClockDto {
  @ApiProperty() now!: string;
}

/**
 * Test-only: moves a running server's Clock (deadline and fault tests against real processes).
 * Registered only when NODE_ENV=test (see AppModule); the route does not exist otherwise.
 */
@ApiTags('test')
@Controller('__test/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: ClockDto })
  move(@Body() dto: MoveClockDto): ClockDto {
    if (dto.at) this.clock.set(new Date(dto.at));
    if (dto.advanceMs) this.clock.advance(dto.advanceMs);
    return { now: this.clock.now().toISOString() };
  }
}

@Module({ controllers: [TestClockController] })
export class TestClockModule {}
