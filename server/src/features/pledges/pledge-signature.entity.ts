import { Column, Entity } from 'typeorm';
import type { Relation, ShanghaiDay } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A guardian's signature of one version of a pledge for one child (and, from the pledge's `studentFromGrade`, the
 * child's own signature with it). One per child, version and slot (unique): the slot is '' when one guardian signs for
 * the child, the guardian's id when every guardian must; a retry with the same client key finds the same row (unique
 * per guardian). A signature of an older version than the pledge's current one is superseded and kept. It keeps the
 * text hash of the version and the DAY it was signed (Asia/Shanghai), never the time of day: a guardian may sign and
 * file an anonymous tip a minute later. The images are in pledge_signature_images.
 */
@Entity('pledge_signatures')
export class PledgeSignatureEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'pledge_id' })
  pledgeId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'student_id' })
  studentId!: string;

  /** The child's class when it was signed. */
  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 36, name: 'guardian_user_id' })
  guardianUserId!: string;

  @Column({ type: 'varchar', length: 20 })
  relation!: Relation;

  @Column({ type: 'int', name: 'version_number' })
  versionNumber!: number;

  @Column({ type: 'varchar', length: 64, name: 'text_hash' })
  textHash!: string;

  @Column({ type: 'varchar', length: 36, default: '' })
  slot!: string;

  @Column({ type: 'boolean', name: 'has_student_part', default: false })
  hasStudentPart!: boolean;

  @Column({ type: 'varchar', length: 64, name: 'client_key' })
  clientKey!: string;

  @Column({ type: 'date', name: 'signed_on', utc: true })
  signedOn!: ShanghaiDay;
}
