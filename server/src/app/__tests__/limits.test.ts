import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimitRule } from '../limits.js';

const schema = buildSchema(`
  type Node { id: ID, child: Node }
  type Query { node: Node }
`);

const errorsFor = (query: string, max: number) => validate(schema, parse(query), [depthLimitRule(max)]);

describe('query depth limit', () => {
  it('accepts a query at the limit and refuses one level deeper', () => {
    expect(errorsFor('{ node { child { id } } }', 3)).toEqual([]);
    const [error] = errorsFor('{ node { child { child { id } } } }', 3);
    expect(error?.message).toBe('Query depth 4 exceeds the maximum of 3');
    expect(error?.extensions).toMatchObject({ depth: 4, maxDepth: 3 });
  });

  it('counts depth through named and inline fragments, and survives fragment cycles', () => {
    const viaFragments = `
      fragment A on Node { child { ...B } }
      fragment B on Node { child { ... on Node { child { id } } } }
      { node { ...A } }`;
    expect(errorsFor(viaFragments, 4)).toHaveLength(1);
    expect(errorsFor(viaFragments, 5)).toEqual([]);
  });

  it('ignores introspection fields', () => {
    expect(errorsFor('{ __schema { types { fields { type { ofType { name } } } } } }', 2)).toEqual([]);
  });
});
