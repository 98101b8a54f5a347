import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The in-app inbox (`/me/inbox`): every message sent to a user, with read state. Written by the outbox. */
@Module({ controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
