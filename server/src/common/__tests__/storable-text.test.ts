import { GraphQLID, GraphQLInputObjectType, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLString } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { unstorableTextAt } from '../graphql/storable-text.js';

const Item = new GraphQLInputObjectType({
  name: 'Item',
  fields: { model: { type: new GraphQLNonNull(GraphQLString) }, quantity: { type: GraphQLInt } },
});
const Input = new GraphQLInputObjectType({
  name: 'Input',
  fields: {
    ids: { type: new GraphQLList(new GraphQLNonNull(GraphQLID)) },
    items: { type: new GraphQLList(Item) },
    value: { type: GraphQLJSONObject },
  },
});

describe('text the database cannot store is found in String and ID inputs, with its path', () => {
  it('finds U+0000 and unpaired surrogates in strings, ids, list items and input fields', () => {
    expect(unstorableTextAt('a\u0000b', GraphQLString, 'reason')).toBe('reason');
    expect(unstorableTextAt('\uD800', GraphQLString, 'name')).toBe('name');
    expect(unstorableTextAt('a\uDC00', GraphQLString, 'name')).toBe('name');
    expect(unstorableTextAt('\uDC00\uD800', GraphQLString, 'name')).toBe('name');
    expect(unstorableTextAt({ ids: ['1', '2\u0000'] }, Input, 'filter')).toBe('filter.ids[1]');
    expect(unstorableTextAt({ items: [{ model: 'ok' }, { model: 'x\u0000', quantity: 1 }] }, Input, 'input')).toBe(
      'input.items[1].model',
    );
  });

  it('lets the rest through: paired surrogates (emoji), other control characters, JSON values (their owner stores them escaped)', () => {
    expect(unstorableTextAt('printer 🖨️ jammed\t\n', GraphQLString, 'text')).toBeNull();
    expect(
      unstorableTextAt({ value: { text: 'a\u0000b', 'k\u0000': '\uD800' }, ids: null }, Input, 'input'),
    ).toBeNull();
  });
});
