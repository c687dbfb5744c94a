import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { createRequire } from 'node:module';
import { ErrorCode } from '../common/errors.js';

// The package's ESM build imports graphql's .mjs files while everything else (type-graphql, Apollo)
// uses graphql's CommonJS entry; mixing the two realms breaks instanceof checks. Load its CJS build.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  'graphql-query-complexity',
) as typeof import('graphql-query-complexity');

/** Validation rule: refuses operations nested deeper than `max` fields (introspection excluded). */
export function depthLimitRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(sel.selectionSet, seen));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(sel.selectionSet, seen));
        } else {
          const name = sel.name.value;
          if (seen.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > max) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the maximum of ${max}`, {
              nodes: [node],
              // Apollo reports validation failures as GRAPHQL_VALIDATION_FAILED; depth and maxDepth say why.
              extensions: { depth, maxDepth: max },
            }),
          );
        }
      },
    };
  };
}

/**
 * Throws QUERY_TOO_COMPLEX when an operation's estimated cost exceeds `max` (a list costs its page size ×
 * the cost of one item). Variables of the wrong type are left to execution, which reports them.
 */
export function assertComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  max: number,
): void {
  let complexity: number;
  try {
    complexity = getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return;
  }
  if (complexity > max) {
    throw new GraphQLError(`Query complexity ${complexity} exceeds the maximum of ${max}`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, complexity, maxComplexity: max, http: { status: 400 } },
    });
  }
}

/** Apollo plugin: the complexity check for operations over HTTP. */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          assertComplexity(schema, document, request.operationName, request.variables, max);
        },
      };
    },
  };
}

/** Kept here too for modules that import it from app/: the definition lives with the connection helpers. */
export { pageComplexity } from '../common/graphql/connection.js';
