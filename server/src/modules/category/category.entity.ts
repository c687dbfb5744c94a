import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum CategoryKind {
  GENERAL = 'GENERAL',
  CARTRIDGE = 'CARTRIDGE',
  EQUIPMENT = 'EQUIPMENT',
}

/** An order category (R-ORD-1). Its kind decides which order fields apply. */
@Entity('category')
export class CategoryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) code: string;
  @Column({ name: 'name_ru', type: 'text' }) nameRu: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  @Column({ type: 'text' }) kind: CategoryKind;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'integer', default: 0 }) position: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** The categories a contractor serves; none means all (R-ORD-3). */
@Entity('contractor_category')
export class ContractorCategoryEntity {
  @PrimaryColumn({ name: 'contractor_id', type: 'uuid' }) contractorId: string;
  @PrimaryColumn({ name: 'category_id', type: 'uuid' }) categoryId: string;
}
