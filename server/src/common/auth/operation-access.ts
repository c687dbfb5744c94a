import {
  Kind,
  TypeInfo,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Ctx } from '../context.js';
import { assertAllowed, type AccessRule } from './access.js';

/**
 * Checks the access rule of every field an operation selects — root operations and object fields alike,
 * through fragments — once, before anything executes. Rules are static per field, so this is the same
 * decision a per-field middleware would make, without wrapping every field of every result (which cost
 * more than the rest of a subscription delivery). `custom` rules are still checked in their resolvers.
 */
export function assertOperationAllowed(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  ctx: Ctx,
): void {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  const seen = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field() {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!parent || !field || field.name.startsWith('__') || parent.name.startsWith('__')) return;
      if (!isObjectType(parent) && !isInterfaceType(parent)) return;
      const rule = (field.extensions?.access ?? parent.extensions?.access) as AccessRule | undefined;
      assertAllowed(rule, ctx);
    },
    FragmentSpread(node) {
      const name = node.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) {
        seen.add(name);
        pending.push(fragment);
      }
    },
  });
  while (pending.length) visit(pending.pop()!, visitor);
}
