import { Column, Entity } from 'typeorm';
import type { SurveyKind } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A finding the school marks on a survey's results ("三年级 厕所 被打、被推 上升"): what it points at (a grade or the whole
 * school, a place, a kind), its words, the planned measures and the day they are due. The next semester's report
 * shows its figure then and now. Marking one is audited (`survey.finding_marked`).
 */
@Entity('survey_findings')
export class SurveyFindingEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'survey_id' })
  surveyId!: string;

  @Column({ type: 'varchar', length: 20, name: 'grade_name', nullable: true })
  gradeName!: string | null;

  @Column({ type: 'int', nullable: true })
  place!: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  kind!: SurveyKind | null;

  @Column({ type: 'varchar', length: 60 })
  text!: string;

  @Column({ type: 'text' })
  measures!: string;

  /** A Shanghai calendar day, YYYY-MM-DD. */
  @Column({ type: 'varchar', length: 10, name: 'due_on' })
  dueOn!: string;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
