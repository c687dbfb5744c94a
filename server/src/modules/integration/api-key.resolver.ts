import { Arg, Ctx as GqlCtx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OwnerOnly } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { notFound } from '../../common/errors.js';
import { toUserView } from '../user/user.resolver.js';
import { UserView } from '../user/user.types.js';
import type { ApiKeyEntity } from './api-key.entity.js';
import type { ApiKeyService } from './api-key.service.js';
import { ApiKey, ApiKeyAlreadyRevoked, ApiKeyCreated, RevokeApiKeyResult } from './api-key.types.js';

const toApiKey = (k: ApiKeyEntity): ApiKey =>
  Object.assign(new ApiKey(), {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes as ApiScope[],
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    active: k.revokedAt === null,
    createdById: k.createdById,
  });

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly apiKeyService: ApiKeyService) {}

  @Query(() => [ApiKey], { description: 'Every API key, active and revoked, newest first (owner; never the secrets).' })
  @OwnerOnly()
  async apiKeys(@GqlCtx() ctx: Ctx): Promise<ApiKey[]> {
    return (await this.apiKeyService.list(ctx)).map(toApiKey);
  }

  @Mutation(() => ApiKeyCreated, {
    description: 'Creates an API key with scopes (owner, in the bot or admin panel; not with another API key).',
  })
  @OwnerOnly()
  async createApiKey(
    @GqlCtx() ctx: Ctx,
    @Arg('name', { description: 'What the key is for (1–100 characters).' }) name: string,
    @Arg('scopes', () => [ApiScope], {
      description:
        'What the key may do: at least one; repeats count once, but a list longer than the number of scopes is BAD_USER_INPUT.',
    })
    scopes: ApiScope[],
  ): Promise<ApiKeyCreated> {
    const { key, secret } = await this.apiKeyService.create(ctx, name, scopes);
    return Object.assign(new ApiKeyCreated(), { apiKey: toApiKey(key), secret });
  }

  @Mutation(() => RevokeApiKeyResult, { description: 'Revokes an API key; it stops working at once (owner).' })
  @OwnerOnly()
  async revokeApiKey(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The key id.' }) id: string,
  ): Promise<typeof RevokeApiKeyResult> {
    const r = await this.apiKeyService.revoke(ctx, id);
    if (r.kind === 'revoked') return toApiKey(r.key);
    return Object.assign(new ApiKeyAlreadyRevoked(), { apiKey: toApiKey(r.key) });
  }

  @FieldResolver(() => UserView, { description: 'The owner who created the key.' })
  async createdBy(@Root() key: ApiKey, @GqlCtx() ctx: Ctx): Promise<UserView> {
    const user = await ctx.loaders.user.load(key.createdById);
    if (!user) throw notFound('User', key.createdById);
    return toUserView(user);
  }
}
