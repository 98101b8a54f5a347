import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A school's robot settings (one row per school that changed them; no row = the defaults). */
@Entity('wecom_robot_settings')
export class WecomRobotSettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** New notices also go to the robots of their audience (urgent warnings always do). */
  @Column({ type: 'boolean', name: 'notices_to_robots', default: false })
  noticesToRobots!: boolean;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
