import { Module } from '@nestjs/common';
import { DeliveryHealth } from './delivery-health';
import { HealthController } from './health.controller';
import { HealthProbes } from './health-probes';

@Module({ controllers: [HealthController], providers: [HealthProbes, DeliveryHealth], exports: [HealthProbes] })
export class HealthModule {}
