import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SurveyAnswerItem } from '@anxin/shared';
import { jsonTransformer } from '../../platform/database/base.entity';

/**
 * That a guardian has answered the parent questionnaire for a child: only a keyed HMAC (under the school's data key,
 * bound to the survey) of the guardian's user id and the child's id, as code rows keep only a code's HMAC. Inserted in
 * the transaction that stores the answer; the primary key refuses a second answer. Nothing ties it to the answer.
 */
@Entity('survey_parent_tokens')
export class SurveyParentTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'token_hmac' })
  tokenHmac!: string;

  @Column({ type: 'varchar', length: 36, name: 'survey_id' })
  surveyId!: string;
}

/** A guardian's answers: the survey and the answers, under a random key. No user, no child, no class, no time. */
@Entity('survey_parent_answers')
export class SurveyParentAnswerEntity {
  /** A random integer below 2^48 (the rowid on SQLite), as for children's answers. */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'survey_id' })
  surveyId!: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  answers!: SurveyAnswerItem[];
}
