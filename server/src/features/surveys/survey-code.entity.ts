import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A one-time answer code, kept only as its keyed HMAC (under the school's data key, bound to the survey): the code
 * itself is never stored, and nothing ties it to the answer it opened. `used` flips once, in the transaction that
 * stores the answer.
 */
@Entity('survey_codes')
export class SurveyCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'code_hmac' })
  codeHmac!: string;

  @Column({ type: 'varchar', length: 36, name: 'survey_id' })
  surveyId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'boolean', default: false })
  used!: boolean;
}
