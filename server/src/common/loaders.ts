import DataLoader from 'dataloader';
import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { BranchEntity, ClientAccountEntity } from '../modules/account/account.entity.js';
import { CategoryEntity } from '../modules/category/category.entity.js';
import { TariffEntity } from '../modules/tariff/tariff.entity.js';
import { UserEntity } from '../modules/user/user.entity.js';

/** Loads rows by id in one query per tick; missing ids resolve to null. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(em: EntityManager, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await em.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Loads child rows grouped by a foreign key in one query per tick. */
export function byKeyLoader<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order?: Partial<Record<keyof T & string, 'ASC' | 'DESC'>>,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await em
      .getRepository(entity)
      .find({ where: { [key]: In([...keys]) } as never, order: order as never });
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = String(row[key]);
      groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/**
 * The per-request loaders for the relations every front-end walks. Each is made on first use: a live
 * subscription starts every event with fresh loaders, and most events walk none of these relations.
 */
export function createLoaders(em: EntityManager) {
  const made = new Map<EntityTarget<ObjectLiteral>, DataLoader<string, unknown>>();
  const byId = <T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>) => {
    let loader = made.get(entity);
    if (!loader) made.set(entity, (loader = byIdLoader(em, entity)));
    return loader as DataLoader<string, T | null>;
  };
  let extra: Map<string, DataLoader<string, unknown>> | undefined;
  return {
    get user() {
      return byId(UserEntity);
    },
    get account() {
      return byId(ClientAccountEntity);
    },
    get branch() {
      return byId(BranchEntity);
    },
    get tariff() {
      return byId(TariffEntity);
    },
    get category() {
      return byId(CategoryEntity);
    },
    /** Modules register more loaders here through `extra`, keyed by name. */
    get extra() {
      return (extra ??= new Map());
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** A module's own loader, created once per request on first use. */
export function moduleLoader<V>(
  loaders: Loaders,
  name: string,
  create: () => DataLoader<string, V>,
): DataLoader<string, V> {
  let loader = loaders.extra.get(name) as DataLoader<string, V> | undefined;
  if (!loader) {
    loader = create();
    loaders.extra.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}
