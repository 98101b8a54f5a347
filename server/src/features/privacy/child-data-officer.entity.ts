import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A school's person responsible for children's personal information (儿童个人信息保护负责人, 儿童个人信息网络保护规定
 * art. 8): a name and a phone guardians may call, shown on the 儿童个人信息保护规则 page to users of that school. Set by
 * the principal or a school admin (audited: `child_data_officer.changed`, which names who changed it). One row per school.
 */
@Entity('child_data_officers')
export class ChildDataOfficerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'varchar', length: 27 })
  phone!: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
