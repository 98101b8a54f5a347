import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

/**
 * One send to a robot within the last minute: the rate limit's window, held in the database so that every worker
 * of every process counts the same sends. Rows older than the window are deleted as the robot is used.
 */
@Entity('wecom_robot_sends')
export class WecomRobotSendEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'robot_id' })
  robotId!: string;

  @Column({ type: 'datetime', name: 'sent_at' })
  sentAt!: Date;
}
