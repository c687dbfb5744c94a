import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A stored setting value (§9). Absent rows mean the default. */
@Entity('setting')
export class SettingEntity {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text' }) value: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true }) updatedById: string | null;
}
