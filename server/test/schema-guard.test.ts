import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../src/app/schema.js';
import { getMetadataStorage } from 'type-graphql';
import { accessRuleOf } from '../src/common/auth/access.js';
import { isSameForEveryone, sameForEveryoneResolvedBy } from '../src/common/graphql/same-for-everyone.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

const ownTypes = () => Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
const rootTypes = () =>
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    Boolean,
  ) as GraphQLObjectType[];
const ownRule = (f: GraphQLField<unknown, unknown>) => f.extensions?.access;

describe('every operation and field has an explicit access rule', () => {
  it('each query, mutation and subscription declares its own rule', () => {
    const unguarded = rootTypes().flatMap((root) =>
      Object.values(root.getFields())
        .filter((f) => !ownRule(f))
        .map((f) => `${root.name}.${f.name}`),
    );
    expect(unguarded).toEqual([]);
  });

  it('no root operation relies on an object-type default rule', () => {
    for (const root of rootTypes()) expect(root.extensions?.access).toBeUndefined();
  });

  it('each object type field has a rule, its own or its type’s', () => {
    const roots = new Set(rootTypes().map((r) => r.name));
    const unguarded = ownTypes()
      .filter(isObjectType)
      .filter((t) => !roots.has(t.name))
      .flatMap((t) =>
        Object.values(t.getFields())
          .filter((f) => !accessRuleOf(t, f))
          .map((f) => `${t.name}.${f.name}`),
      );
    expect(unguarded).toEqual([]);
  });

  it('the walk sees the whole domain (a sanity check that it walks something)', () => {
    const names = Object.keys(schema.getTypeMap());
    expect(names).toEqual(expect.arrayContaining(['User', 'Setting', 'Invoice']));
    expect(Object.keys(schema.getQueryType()!.getFields()).length).toBeGreaterThan(5);
  });
});

describe('every type and field is documented', () => {
  it('each type, field, argument, input field and enum value has a description', () => {
    const missing: string[] = [];
    for (const t of ownTypes()) {
      if (['String', 'Boolean', 'Int', 'Float', 'ID'].includes(t.name)) continue;
      if (!t.description) missing.push(t.name);
      if (isObjectType(t) || isInterfaceType(t)) {
        for (const f of Object.values(t.getFields())) {
          if (!f.description) missing.push(`${t.name}.${f.name}`);
          for (const a of f.args) if (!a.description) missing.push(`${t.name}.${f.name}(${a.name})`);
        }
      } else if (isInputObjectType(t)) {
        for (const f of Object.values(t.getFields())) if (!f.description) missing.push(`${t.name}.${f.name}`);
      } else if (isEnumType(t)) {
        for (const v of t.getValues()) if (!v.description) missing.push(`${t.name}.${v.name}`);
      } else if (isUnionType(t) && !t.description) {
        missing.push(t.name);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('fields marked the same for everyone (shared subscription executions)', () => {
  const marked = () =>
    ownTypes()
      .filter(isObjectType)
      .flatMap((t) =>
        Object.values(t.getFields())
          .filter(isSameForEveryone)
          .map((f) => ({ type: t, field: f })),
      );

  it('each marked object field is its parent’s property, or a reviewed resolver that says why: no arguments', () => {
    const storage = getMetadataStorage();
    const classOf = new Map(storage.objectTypes.map((o) => [o.name, o.target]));
    const roots = new Set(rootTypes().map((r) => r.name));
    const fields = marked().filter(({ type }) => !roots.has(type.name));
    const name = ({ type, field }: (typeof fields)[number]) => `${type.name}.${field.name}`;
    const hasResolver = ({ type, field }: (typeof fields)[number]) =>
      storage.fieldResolvers.some((r) => r.getObjectType?.() === classOf.get(type.name) && r.schemaName === field.name);
    const withArgsOrMiddleware = fields
      .filter(
        ({ type, field }) =>
          field.args.length > 0 ||
          storage.middlewares.some((m) => m.target === classOf.get(type.name) && m.fieldName === field.name),
      )
      .map(name);
    expect(withArgsOrMiddleware).toEqual([]);
    // A resolver is marked only with the reason its value cannot depend on the caller, and only after review:
    // a new one fails here until it is added to this list.
    const resolved = fields.filter(hasResolver);
    expect(resolved.filter((f) => !sameForEveryoneResolvedBy(f.field)).map(name)).toEqual([]);
    expect(resolved.map(name).sort()).toEqual(['OrderEvent.actor', 'OrderEvent.contractor']);
  });

  it('the marked subscriptions are the reviewed ones, and their items are marked too', () => {
    const roots = marked().filter(({ type }) => type === schema.getSubscriptionType());
    expect(roots.map(({ field }) => field.name)).toEqual(['orderEvents']);
    const names = marked().map(({ type, field }) => `${type.name}.${field.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'OrderEventItem.cursor',
        'OrderEventItem.event',
        'OrderEvent.kind',
        'OrderEvent.createdAt',
      ]),
    );
    // Who an entry names is the same user for everyone; what each caller sees of them is not (R-ACC-5).
    expect(names).toEqual(expect.arrayContaining(['OrderEvent.actor', 'User.id', 'User.firstName']));
    for (const perCaller of ['lastName', 'username', 'telegramId', 'email', 'emailNotifications', 'displayName']) {
      expect(names).not.toContain(`User.${perCaller}`);
    }
    // The order as it stands now: its fields follow the caller's rules.
    expect(names).not.toContain('OrderEventItem.order');
  });
});
