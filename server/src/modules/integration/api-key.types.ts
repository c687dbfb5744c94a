import { Field, ID, ObjectType, createUnionType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';

@ObjectType({ description: 'An API key of an integration. Its secret is shown only once, when it is created.' })
@VisibleWithParent()
export class ApiKey {
  @Field(() => ID, { description: 'The key id.' })
  id: string;

  @Field({ description: 'What the key is for, e.g. "Accounting export".' })
  name: string;

  @Field({ description: 'The public part of the key (`itsk_<prefix>_…`), to recognise it in lists and logs.' })
  prefix: string;

  @Field(() => [ApiScope], { description: 'What the key may do.' })
  scopes: ApiScope[];

  @Field(() => DateTimeISO, { description: 'When the key was created.' })
  createdAt: Date;

  @Field(() => DateTimeISO, {
    nullable: true,
    description: 'When the key was last used (to the minute); null if never.',
  })
  lastUsedAt: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'When the key was revoked; null while it works.' })
  revokedAt: Date | null;

  @Field({ description: 'True while the key works (not revoked).' })
  active: boolean;

  /** Resolved through the user loader. */
  createdById: string;
}

@ObjectType({ description: 'A new API key with its secret, shown only this once.' })
@VisibleWithParent()
export class ApiKeyCreated {
  @Field(() => ApiKey, { description: 'The key.' })
  apiKey: ApiKey;

  @Field({
    description:
      'The whole secret key (`itsk_<prefix>_<secret>`) to send as `Authorization: Bearer …`. Store it now: it cannot be shown again.',
  })
  secret: string;
}

@ObjectType({ description: 'The API key was already revoked; nothing changed.' })
@VisibleWithParent()
export class ApiKeyAlreadyRevoked {
  @Field(() => ApiKey, { description: 'The key as it is.' })
  apiKey: ApiKey;
}

export const RevokeApiKeyResult = createUnionType({
  name: 'RevokeApiKeyResult',
  description: 'The revoked key, or it was already revoked.',
  types: () => [ApiKey, ApiKeyAlreadyRevoked] as const,
});
