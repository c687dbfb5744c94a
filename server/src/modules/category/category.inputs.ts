import { IsInt, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { CategoryKind } from './category.entity.js';

export const CATEGORY_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
const CODE_RULE = { message: 'code must be 2–32 capital latin letters, digits or underscores, starting with a letter' };

@InputType({ description: 'A new order category (R-ORD-1: the owner may add more).' })
export class CreateCategoryInput {
  @Field({ description: 'Stable code: 2–32 of A–Z, 0–9, _ starting with a letter, e.g. NETWORK.' })
  @Matches(CATEGORY_CODE, CODE_RULE)
  code: string;

  @Field({ description: 'Name in Russian (1–100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  nameRu: string;

  @Field({ description: 'Name in English (1–100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  nameEn: string;

  @Field(() => CategoryKind, { description: 'Which order fields apply; fixed once created.' })
  kind: CategoryKind;

  @Field(() => Int, { nullable: true, description: 'Sort position (0..10000); after the others by default.' })
  @IsInt()
  @Min(0)
  @Max(10000)
  position?: number;
}

@InputType({ description: 'Changes to a category; absent fields stay as they are.' })
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true, description: 'A new code (same rule as on creation).' })
  @Matches(CATEGORY_CODE, CODE_RULE)
  code?: string;

  @Field(() => String, { nullable: true, description: 'Name in Russian (1–100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  nameRu?: string;

  @Field(() => String, { nullable: true, description: 'Name in English (1–100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  nameEn?: string;

  @Field(() => Boolean, { nullable: true, description: 'False retires the category for new orders.' })
  active?: boolean;

  @Field(() => Int, { nullable: true, description: 'Sort position (0..10000).' })
  @IsInt()
  @Min(0)
  @Max(10000)
  position?: number;
}
