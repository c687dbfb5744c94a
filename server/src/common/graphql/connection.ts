import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { invalidInput } from '../errors.js';
import { VisibleWithParent } from '../auth/access.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Forward cursor pagination arguments shared by every list. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return: 1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.`,
  })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Return items after this cursor (an endCursor of a previous page).',
  })
  after?: string;
}

/** The page size asked for, checked against the allowed range. */
export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw invalidInput('first', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`, { min: 1, max: MAX_PAGE_SIZE });
  }
  return first;
}

/**
 * Keyset cursor over (a moment, id): stable under inserts, cheap with a matching index. A list with several
 * sort orders names the order in `sort`, and a cursor is refused by any other order it is decoded for.
 */
export interface KeysetCursor {
  at: Date;
  id: string;
  sort?: string;
}

export function encodeCursor(c: KeysetCursor): string {
  const parts = [c.at.toISOString(), c.id, ...(c.sort ? [c.sort] : [])];
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** The cursor, checked to come from this list in this sort order (`sort`, when the list has several). */
export function decodeCursor(cursor: string | undefined | null, sort?: string): KeysetCursor | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const [at, id, cursorSort, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = at ? new Date(at) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id) || rest.length) {
    throw invalidInput('after', 'is not a cursor returned by this list');
  }
  if (cursorSort !== sort) {
    throw invalidInput('after', 'was returned for another sort order; ask for the first page again without it');
  }
  return { at: date, id, sort };
}

/** Information about the page returned. */
@ObjectType({ description: 'Where a page of a list ends and whether more follow.' })
@VisibleWithParent()
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item; pass it as `after` for the next page.',
  })
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a `<Name>Connection` object type for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Connection`, { description: `A page of ${what}.` })
  @VisibleWithParent()
  class ConnectionClass {
    @Field(() => [node], { description: `The ${what} on this page, in list order.` })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Paging information.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: `How many ${what} match the filter in all.` })
    totalCount: number;
  }
  return ConnectionClass;
}

/** Turns `limit + 1` fetched rows into a page. */
export function toPage<T>(rows: T[], limit: number, totalCount: number, cursorOf: (row: T) => KeysetCursor): Page<T> {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    totalCount,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(cursorOf(last)) : null },
  };
}

/** Query complexity of a paginated list field: page size × the cost of one item. */
export const pageComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) =>
  (typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE) * Math.max(childComplexity, 1);
