import { Column, Entity } from 'typeorm';
import type { SurveyCustomQuestionInput } from '@anxin/shared';
import { UuidEntity, jsonTransformer } from '../../platform/database/base.entity';

/**
 * A school's anonymous bullying survey for some of its classes, open in a window (`opens_at`–`closes_at`, or until it
 * was closed early). `semester_key` is the semester its window starts in (the previous semester's survey is the one
 * the report compares with). `talk_requests` counts the children who ticked 我想和老师谈谈: a count, nothing more.
 */
@Entity('surveys')
export class SurveyEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 40 })
  title!: string;

  @Column({ type: 'varchar', length: 6, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'text', name: 'class_ids', transformer: jsonTransformer })
  classIds!: string[];

  @Column({ type: 'text', name: 'custom_questions', transformer: jsonTransformer })
  customQuestions!: SurveyCustomQuestionInput[];

  @Column({ type: 'int', name: 'spare_codes' })
  spareCodes!: number;

  @Column({ type: 'datetime', name: 'opens_at' })
  opensAt!: Date;

  @Column({ type: 'datetime', name: 'closes_at' })
  closesAt!: Date;

  /** Closed early by staff (null: runs to `closes_at`). */
  @Column({ type: 'datetime', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'int', name: 'talk_requests', default: 0 })
  talkRequests!: number;

  /** Whether the guardians of the classes are asked the parent questionnaire too. */
  @Column({ type: 'boolean', default: false })
  parents!: boolean;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
