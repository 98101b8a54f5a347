import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDateString, IsInt, Max, Min } from 'class-validator';
import { Omittable } from '../common/http/omittable';
import { Public } from '../common/auth/auth.decorators';
import { Clock } from '../common/clock/clock';

const MAX_SHIFT_MS = 10 * 366 * 24 * 3600_000;

export class MoveClockDto {
  // Bounded to ±10 years: beyond a Date's range the clock would hold an invalid time and every request would fail.
  @ApiPropertyOptional({ description: 'Move the clock forward (or back) by this many milliseconds (at most 10 years)', minimum: -MAX_SHIFT_MS, maximum: MAX_SHIFT_MS })
  @Omittable() @IsInt() @Min(-MAX_SHIFT_MS) @Max(MAX_SHIFT_MS) advanceMs?: number;
  @ApiPropertyOptional({ description: 'Set the clock to this ISO time' }) @Omittable() @IsDateString() at?: string;
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
