import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { DELIVERY_ALERT_TEMPLATE, DELIVERY_RESOLVED_TEMPLATE, DeliveryAlertRaiser } from './delivery-alert-raiser';
import { OutboxEntity } from './outbox.entity';

/**
 * Rows still undelivered `ANXIN_OUTBOX_ALERT_MINUTES` after they fell due: one alert each, and a message about
 * it to the school's admins. The rows are locked while they are alerted, so a send that completes meanwhile either
 * commits first (the row is no longer open) or sees `alerted_at` and resolves the alert it raised (outbox-outcomes.ts).
 */
@Injectable()
export class LateAlerts {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly alerts: DeliveryAlertRaiser,
  ) {}

  /** Raises the alerts that are due; returns how many rows were alerted. */
  async raise(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.worker.alertAfterMs);
    return inTransaction(this.ds, async (m) => {
      const qb = m.createQueryBuilder(OutboxEntity, 'o')
        // Through ix_outbox_late: rows waiting for a later time (quiet hours) are not read at all.
        .where('o.status IN (:...open) AND o.alertedAt IS NULL AND o.dueAt <= :cutoff AND o.schoolId IS NOT NULL', { open: ['pending', 'sending'], cutoff })
        .andWhere('o.template NOT IN (:...quiet)', { quiet: [DELIVERY_ALERT_TEMPLATE, DELIVERY_RESOLVED_TEMPLATE] })
        .limit(200);
      if (this.ds.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
      const rows = await qb.getMany();
      const minutes = Math.round(this.config.worker.alertAfterMs / 60_000);
      for (const row of rows) {
        await this.alerts.raise(m, row, 'delivery.undelivered', `已超过 ${minutes} 分钟仍未送达（${row.lastError ? row.lastError.slice(0, 80) : '等待发送'}）`);
      }
      if (rows.length) {
        await m.createQueryBuilder().update(OutboxEntity).set({ alertedAt: this.clock.now() })
          .where('id IN (:...ids)', { ids: rows.map((r) => r.id) }).execute();
      }
      return rows.length;
    });
  }
}
