import 'reflect-metadata';
import { createPubSub } from '@graphql-yoga/subscription';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { accessMiddleware } from '../common/auth/access.js';
import { SettingsResolver } from '../modules/settings/settings.resolver.js';
import { UserResolver } from '../modules/user/user.resolver.js';
import type { Services } from './services.js';

/** Every resolver class. `app/` is the only place that knows every module. */
export const resolverClasses = [UserResolver, SettingsResolver] as const;

/** Builds each resolver with the services it needs. */
function createResolvers(s: Services): Map<Function, unknown> {
  return new Map<Function, unknown>([
    [UserResolver, new UserResolver(s.users)],
    [SettingsResolver, new SettingsResolver(s.settings)],
  ]);
}

export type PubSub = ReturnType<typeof createPubSub>;

/** Builds the executable schema. Without services it can only be printed (schema emission). */
export async function createSchema(services?: Services, pubSub: PubSub = createPubSub()): Promise<GraphQLSchema> {
  const instances = services ? createResolvers(services) : new Map<Function, unknown>();
  return buildSchema({
    resolvers: resolverClasses as unknown as NonEmptyArray<Function>,
    container: {
      get(cls: Function) {
        const instance = instances.get(cls);
        if (!instance) throw new Error(`No resolver instance for ${cls.name}`);
        return instance;
      },
    },
    pubSub,
    globalMiddlewares: [accessMiddleware],
    validate: { forbidUnknownValues: false },
  });
}

/** The schema as committed in schema/schema.graphql: sorted so that output is stable. */
export function printStableSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
