import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { HealthProbes } from './health-probes';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty() database!: boolean;
  @ApiProperty() migrationsCurrent!: boolean;
  @ApiProperty({ description: 'Extra probes registered by other modules (worker alive, …)', type: 'object', additionalProperties: { type: 'boolean' } })
  checks!: Record<string, boolean>;
}

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly probes: HealthProbes) {}

  /** 200 when the database answers and no migration is pending, 503 otherwise. */
  @Get()
  @Public()
  @ApiOkResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    let database = false;
    let migrationsCurrent = false;
    try {
      await this.ds.query('SELECT 1');
      database = true;
      migrationsCurrent = !(await this.ds.showMigrations());
    } catch {
      /* reported below */
    }
    const checks = await this.probes.run();
    const ok = database && migrationsCurrent && Object.values(checks).every(Boolean);
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database, migrationsCurrent, checks };
  }
}
