import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../platform/common/clock/clock';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { SchoolSetupMarkEntity } from './school-setup-mark.entity';
import { posterContactText } from './setup-status';

/**
 * Remembers the last download of a school's tip-box poster and the contact it printed, for the set-up checklist
 * (a poster counts as printed while it still shows the current contact). Not an audit entry: a download shows
 * nothing that is not published anyway.
 */
@Injectable()
export class PosterMarks {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly clock: Clock) {}

  async schoolPosterDownloaded(schoolId: string, contact: { name: string; phone: string }): Promise<void> {
    const mark = { posterDownloadedAt: this.clock.now(), posterContact: posterContactText(contact.name, contact.phone) };
    await inTransaction(this.ds, async (m) => {
      await insertOrIgnore(m, SchoolSetupMarkEntity, { schoolId, posterDownloadedAt: null, posterContact: null });
      await m.update(SchoolSetupMarkEntity, { schoolId }, mark);
    });
  }
}
