import { Field, ID, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { CategoryKind, type CategoryEntity } from './category.entity.js';

registerEnumType(CategoryKind, {
  name: 'CategoryKind',
  description: 'What an order of a category carries besides its description (R-ORD-1).',
  valuesConfig: {
    GENERAL: { description: 'A description only (e.g. IT help).' },
    CARTRIDGE: { description: 'Cartridge lines: model × quantity (≥1), several per order.' },
    EQUIPMENT: { description: 'Equipment and problem (repair, maintenance).' },
  },
});

/** An order category as the API shows it; `name` resolves in the viewer's language. */
@ObjectType('Category', { description: 'An order category (R-ORD-1): IT help, cartridges, repair, maintenance, …' })
@VisibleWithParent()
export class Category {
  @Field(() => ID, { description: 'Category id.' })
  id: string;

  @Field({ description: 'Stable code, e.g. IT_HELP or CARTRIDGE.' })
  code: string;

  @Field({ description: 'Name in Russian.' })
  nameRu: string;

  @Field({ description: 'Name in English.' })
  nameEn: string;

  @Field(() => CategoryKind, { description: 'Which order fields apply.' })
  kind: CategoryKind;

  @Field({ description: 'False once retired: no new orders in it; old orders keep it.' })
  active: boolean;

  @Field(() => Int, { description: 'Sort position in menus (ascending).' })
  position: number;

  @Field(() => DateTimeISO, { description: 'When the category was added.' })
  createdAt: Date;
}

/** Wraps an entity as the GraphQL Category type. */
export const toCategory = (e: CategoryEntity): Category => Object.assign(new Category(), e);

@ObjectType({ description: 'Another category already has this code; nothing was changed.' })
@VisibleWithParent()
export class CategoryCodeTaken {
  @Field({ description: 'The code asked for.' })
  code: string;

  @Field(() => Category, { description: 'The category that has it.' })
  existing: Category;
}

export const CreateCategoryResult = createUnionType({
  name: 'CreateCategoryResult',
  description: 'The new category, or why it could not be added.',
  types: () => [Category, CategoryCodeTaken] as const,
});

export const UpdateCategoryResult = createUnionType({
  name: 'UpdateCategoryResult',
  description: 'The changed category, or why the change was refused.',
  types: () => [Category, CategoryCodeTaken] as const,
});
