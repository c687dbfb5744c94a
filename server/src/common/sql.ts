import type { EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows, for SELECT and for UPDATE/DELETE … RETURNING alike
 * (TypeORM's postgres driver answers the latter as [rows, affected]).
 */
export async function queryRows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await em.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
