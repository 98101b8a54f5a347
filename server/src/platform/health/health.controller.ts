import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorators';
import { DeliveryHealth, type DeliveryHealthReport } from './delivery-health';
import { HealthProbes } from './health-probes';

export class DeliveryHealthDto implements DeliveryHealthReport {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ description: 'Workers with a fresh heartbeat, in any process on this database' }) workersAlive!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The newest heartbeat of any worker process on this database (null when none beat in the last 10 minutes)' })
  lastHeartbeatAt!: string | null;
  @ApiProperty({ description: 'The latest WeChat/WeCom calls failed (3 or more in a row, no success since)' }) wechatFailing!: boolean;
  @ApiProperty({ description: 'Messages undelivered past ANXIN_OUTBOX_ALERT_MINUTES' }) lateMessages!: number;
  @ApiProperty({ description: 'Messages are due and no worker is alive' }) noWorker!: boolean;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty() database!: boolean;
  @ApiProperty() migrationsCurrent!: boolean;
  @ApiProperty({ description: 'Extra probes registered by other modules (worker alive, …)', type: 'object', additionalProperties: { type: 'boolean' } })
  checks!: Record<string, boolean>;
  @ApiProperty({ type: DeliveryHealthDto, nullable: true, description: 'Whether messages are going out (null while the database does not answer)' })
  delivery!: DeliveryHealthDto | null;
}

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly probes: HealthProbes, private readonly deliveryHealth: DeliveryHealth) {}

  /**
   * 503 when this instance cannot serve (database down, a migration pending, a probe of its own failing), so a
   * load balancer takes it out. Delivery trouble (WeChat failing, messages late, no worker) is shared by every
   * instance and does not stop tips from being filed and stored: it answers 200 with status "degraded".
   */
  @Get()
  @Public()
  @ApiOkResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    let database = false;
    let migrationsCurrent = false;
    let delivery: DeliveryHealthReport | null = null;
    try {
      await this.ds.query('SELECT 1');
      database = true;
      migrationsCurrent = !(await this.ds.showMigrations());
      if (migrationsCurrent) delivery = await this.deliveryHealth.report();
    } catch {
      /* reported below */
    }
    const checks = await this.probes.run();
    const serving = database && migrationsCurrent && Object.values(checks).every(Boolean);
    void reply.status(serving ? 200 : 503);
    return { status: serving && delivery?.status === 'ok' ? 'ok' : 'degraded', database, migrationsCurrent, checks, delivery };
  }
}
