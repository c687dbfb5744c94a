import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';

/**
 * Connects a subscription field's `subscribe` function (declared statically on the resolver class) to the
 * service of the system that built the schema: app/schema.ts binds the service to the schema, and the
 * subscribe function finds it through `info.schema`. Several systems in one process (tests) stay apart.
 */
export class LiveSource<S> {
  private readonly bound = new WeakMap<GraphQLSchema, S>();

  constructor(private readonly name: string) {}

  bind(schema: GraphQLSchema, service: S): void {
    this.bound.set(schema, service);
  }

  of(info: GraphQLResolveInfo): S {
    const service = this.bound.get(info.schema);
    if (!service) throw new Error(`${this.name} is not bound to this schema (app/schema.ts)`);
    return service;
  }
}
