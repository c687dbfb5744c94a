import {
  Kind,
  getNamedType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { Extensions } from 'type-graphql';

const SAME_FOR_EVERYONE = 'sameForEveryone';

/**
 * Marks a field whose value is the same for every caller who receives its parent object:
 * - an object field: its parent's property, read as it is — no arguments, and no resolver of its own unless
 *   `resolvedBy` says why the resolver's value cannot depend on the caller (it reads rows by id through the
 *   event's loaders, which every subscriber of the event shares, and applies no caller rule). A schema test
 *   holds every marked object field to that and keeps the resolved ones to a reviewed list;
 * - a subscription field: each event it yields is its value, whoever subscribed; its arguments choose which
 *   events a subscriber gets, never what an event holds.
 * Subscriptions whose whole selection is such fields share one execution per event across callers
 * (app/shared-subscribe.ts). Never mark a field whose value can depend on the caller: a related object may be
 * marked while fields of it that are shown by a caller rule (contacts, R-ACC-5) stay unmarked, so a selection
 * of those is executed per caller.
 */
export const SameForEveryone = (resolvedBy?: string) => Extensions({ [SAME_FOR_EVERYONE]: resolvedBy ?? true });

export function isSameForEveryone(field: GraphQLField<unknown, unknown>): boolean {
  const mark = field.extensions?.[SAME_FOR_EVERYONE];
  return mark === true || typeof mark === 'string';
}

/** Why a marked field's own resolver is the same for everyone; undefined for a field read as it is. */
export function sameForEveryoneResolvedBy(field: GraphQLField<unknown, unknown>): string | undefined {
  const mark = field.extensions?.[SAME_FOR_EVERYONE];
  return typeof mark === 'string' ? mark : undefined;
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  if (value.kind === Kind.VARIABLE) into.add(value.name.value);
  else if (value.kind === Kind.LIST) for (const v of value.values) variablesIn(v, into);
  else if (value.kind === Kind.OBJECT) for (const f of value.fields) variablesIn(f.value, into);
}

/**
 * Whether a subscription operation's result for an event is the same for every caller: its root field and
 * every field it selects (fragments included) are marked {@link SameForEveryone}, on object types only.
 * Returns the variables that can still shape the result — those of `@include`/`@skip` and of nested
 * arguments; the root field's own arguments only choose events — or null when the result may depend on
 * the caller.
 */
export function sameForEveryoneVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): string[] | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  const root = schema.getSubscriptionType();
  if (!operation || operation.operation !== 'subscription' || !root) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variables = new Set<string>();

  const directivesOf = (node: { directives?: readonly { arguments?: readonly { value: ValueNode }[] }[] }) => {
    for (const directive of node.directives ?? [])
      for (const a of directive.arguments ?? []) variablesIn(a.value, variables);
  };
  // Whether every field selected from `type` is marked; `seen` guards against fragment cycles.
  const walk = (type: GraphQLObjectType, set: SelectionSetNode, isRoot: boolean, seen: Set<string>): boolean => {
    for (const selection of set.selections) {
      directivesOf(selection);
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const field = type.getFields()[selection.name.value];
        if (!field || !isSameForEveryone(field)) return false;
        if (!isRoot) for (const a of selection.arguments ?? []) variablesIn(a.value, variables);
        if (selection.selectionSet) {
          const named = getNamedType(field.type);
          if (!isObjectType(named) || !walk(named, selection.selectionSet, false, seen)) return false;
        }
      } else {
        let fragmentSet: SelectionSetNode;
        let condition: string | undefined;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          fragmentSet = selection.selectionSet;
          condition = selection.typeCondition?.name.value;
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (!fragment || seen.has(name)) return false;
          directivesOf(fragment);
          fragmentSet = fragment.selectionSet;
          condition = fragment.typeCondition.name.value;
          seen = new Set([...seen, name]);
        }
        if (condition !== undefined && condition !== type.name) return false;
        if (!walk(type, fragmentSet, isRoot, seen)) return false;
      }
    }
    return true;
  };
  directivesOf(operation);
  return walk(root, operation.selectionSet, true, new Set()) ? [...variables].sort() : null;
}
