import { randomUUID } from 'node:crypto';
import { EntitySubscriberInterface, EventSubscriber, InsertEvent } from 'typeorm';
import { UuidEntity } from './base.entity';

/**
 * Gives every UuidEntity row an id on insert, whether it was saved as an entity instance or as a plain
 * object (entity listeners alone only see instances).
 */
@EventSubscriber()
export class UuidSubscriber implements EntitySubscriberInterface {
  beforeInsert(event: InsertEvent<any>): void {
    const target = event.metadata.target;
    if (typeof target === 'function' && target.prototype instanceof UuidEntity && event.entity && !event.entity.id) {
      event.entity.id = randomUUID();
    }
  }
}
