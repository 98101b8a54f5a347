import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthProbes } from './health-probes';

@Global()
@Module({ controllers: [HealthController], providers: [HealthProbes], exports: [HealthProbes] })
export class HealthModule {}
