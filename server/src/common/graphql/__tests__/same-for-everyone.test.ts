import { GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sameForEveryoneVariables } from '../same-for-everyone.js';

const same = { sameForEveryone: true };
const Person = new GraphQLObjectType({
  name: 'Person',
  fields: { name: { type: GraphQLString, extensions: same }, phone: { type: GraphQLString } },
});
const Event = new GraphQLObjectType({
  name: 'Event',
  fields: {
    kind: { type: GraphQLString, extensions: same },
    tags: { type: new GraphQLList(GraphQLString), extensions: same },
    author: { type: Person, extensions: same },
    actor: { type: Person },
  },
});
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { events: { type: Event, extensions: same } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      events: { type: Event, args: { after: { type: GraphQLString } }, extensions: same },
      mine: { type: Event },
    },
  }),
});
const check = (query: string, operationName?: string) => sameForEveryoneVariables(schema, parse(query), operationName);

describe('sameForEveryoneVariables', () => {
  it('a selection of marked fields is the same for everyone, whatever the root arguments', () => {
    expect(check('subscription ($after: String) { events(after: $after) { kind tags author { name } } }')).toEqual([]);
    expect(check('subscription { events { __typename kind } }')).toEqual([]);
  });

  it('one unmarked field anywhere makes it the caller’s own', () => {
    expect(check('subscription { events { kind author { phone } } }')).toBeNull();
    expect(check('subscription { events { kind actor { name } } }')).toBeNull();
    expect(check('subscription { mine { kind } }')).toBeNull();
  });

  it('fragments count as their fields; a fragment on another type is not followed', () => {
    expect(check('subscription { events { ...E } } fragment E on Event { kind author { name } }')).toEqual([]);
    expect(check('subscription { events { ...E } } fragment E on Event { actor { name } }')).toBeNull();
    expect(check('subscription { events { ... on Event { kind } } }')).toEqual([]);
    expect(
      check('subscription { events { ...A } } fragment A on Event { ...B } fragment B on Event { ...A }'),
    ).toBeNull();
  });

  it('names the variables that still shape the result (directives), not the root field’s', () => {
    expect(
      check(
        'subscription ($a: String, $x: Boolean!, $y: Boolean!) { events(after: $a) @skip(if: $y) { kind @include(if: $x) } }',
      ),
    ).toEqual(['x', 'y']);
  });

  it('only subscriptions, and only the operation asked for', () => {
    expect(check('query { events { kind } }')).toBeNull();
    const two = 'subscription A { events { kind } } subscription B { events { actor { name } } }';
    expect(check(two, 'A')).toEqual([]);
    expect(check(two, 'B')).toBeNull();
    expect(check(two)).toBeNull();
  });
});
