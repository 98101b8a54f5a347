import { Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { Clock } from './clock/clock';
import { LOGGER } from './logging/logger';
import { AccessService } from '../../features/tenancy/access.service';

/** Cross-cutting providers every module may inject: the clock, the logger and object-level access checks. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(logger: Logger) {
    return {
      module: CoreModule,
      providers: [Clock, AccessService, { provide: LOGGER, useValue: logger }],
      exports: [Clock, AccessService, LOGGER],
    };
  }
}
