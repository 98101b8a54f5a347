import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SurveyAnswerItem, SurveyTextCheck, SurveyVersion } from '@anxin/shared';
import { jsonTransformer } from '../../platform/database/base.entity';

/**
 * One child's answers. It holds the survey, the class (the group), the version and the answers: no user, no code, no
 * address, no device and no time (the survey's window is the only time there is). The id is a random integer, so
 * neither the id nor the table's physical order (SQLite's rowid is this id) tells in which order answers came.
 * Free-text answers are sealed under the school's data key (`texts`, an envelope of a JSON object by question id).
 */
@Entity('survey_answers')
export class SurveyAnswerEntity {
  /** A random integer below 2^48 (a string: MariaDB's driver returns BIGINT as text). */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'survey_id' })
  surveyId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 5 })
  version!: SurveyVersion;

  /** Choice, multiple-choice and scale answers (text answers are left out here). */
  @Column({ type: 'text', transformer: jsonTransformer })
  answers!: SurveyAnswerItem[];

  @Column({ type: 'text', nullable: true })
  texts!: string | null;

  /** The content check of `texts` (null when there are none): only `pass` texts are shown (survey-text-check.service.ts). */
  @Column({ type: 'varchar', length: 8, name: 'texts_check', nullable: true })
  textsCheck!: SurveyTextCheck | null;

  /** Transient failures of that check so far (busy, timeouts); at the limit the texts are held. */
  @Column({ type: 'int', name: 'texts_check_failures', default: 0 })
  textsCheckFailures!: number;
}
