import { Arg, Ctx as GqlCtx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OwnerOnly, Roles } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { Role } from '../user/user.entity.js';
import { CreateCategoryInput, UpdateCategoryInput } from './category.inputs.js';
import type { CategoryOutcome, CategoryService } from './category.service.js';
import {
  Category,
  CategoryCodeTaken,
  CreateCategoryResult,
  UpdateCategoryResult,
  toCategory,
} from './category.types.js';

function toResult(r: CategoryOutcome): Category | CategoryCodeTaken {
  if (r.kind === 'saved') return toCategory(r.category);
  return Object.assign(new CategoryCodeTaken(), { code: r.code, existing: toCategory(r.existing) });
}

@Resolver(() => Category)
export class CategoryResolver {
  constructor(private readonly categoryService: CategoryService) {}

  @Query(() => [Category], { description: 'Order categories in menu order (every signed-in role needs them).' })
  @Roles([Role.CLIENT, Role.CONTRACTOR, Role.MANAGER], ApiScope.ORDERS_READ)
  async categories(
    @GqlCtx() ctx: Ctx,
    @Arg('includeInactive', () => Boolean, {
      defaultValue: false,
      description: 'Also list retired categories.',
    })
    includeInactive: boolean,
  ): Promise<Category[]> {
    return (await this.categoryService.list(ctx, includeInactive)).map(toCategory);
  }

  @Mutation(() => CreateCategoryResult, { description: 'Adds an order category (R-ORD-1: the owner may add more).' })
  @OwnerOnly(ApiScope.ORDERS_WRITE)
  async createCategory(
    @GqlCtx() ctx: Ctx,
    @Arg('input', { description: 'The category.' }) input: CreateCategoryInput,
  ): Promise<typeof CreateCategoryResult> {
    return toResult(await this.categoryService.create(ctx, input));
  }

  @Mutation(() => UpdateCategoryResult, { description: 'Changes a category’s code, names, position or active flag.' })
  @OwnerOnly(ApiScope.ORDERS_WRITE)
  async updateCategory(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The category.' }) id: string,
    @Arg('input', { description: 'The changes.' }) input: UpdateCategoryInput,
  ): Promise<typeof UpdateCategoryResult> {
    return toResult(await this.categoryService.update(ctx, id, input));
  }

  @FieldResolver(() => String, { description: 'Name in the viewer’s language (Russian by default).' })
  name(@Root() c: Category, @GqlCtx() ctx: Ctx): string {
    return this.categoryService.nameFor(ctx, c);
  }
}
