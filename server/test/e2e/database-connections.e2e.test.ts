/**
 * How the server's connections to its database are set up.
 *
 * Every transaction runs READ COMMITTED, whatever the database's own default: it is each connection's default.
 *
 * On a PostgreSQL server every parameterised statement runs as a named prepared statement of its connection
 * (parsed and planned once per connection: the createOrder benchmark's database CPU per order fell by
 * ~40%). The embedded database serves all connections from one session and never gets names; neither does a
 * server with DATABASE_PREPARED_STATEMENTS=false (PgBouncer in transaction mode).
 */
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED_PER_CONNECTION, PreparingClient, preparedName } from '../../src/database/prepared-statements.js';
import { startTestSystem, testDatabase, type TestSystem } from '../harness.js';
import { newOrder } from '../orders.helpers.js';
import { seedAccount, seedCaller, seedSetting, seedTariff } from '../seed.js';

const onPostgres = testDatabase === 'postgres';

/** The named statements this connection holds (the view is per session). */
const preparedHere = async (em: EntityManager) =>
  (await em.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY name`)) as Array<{
    name: string;
    statement: string;
  }>;

describe('prepared statements follow the database', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it(`a parameterised statement is prepared once per connection under its text's name (${testDatabase})`, async () => {
    const text = `SELECT $1::int + 1 AS n`;
    const other = `SELECT $1::int + 2 AS n`;
    await t.system.database.dataSource.transaction(async (em) => {
      expect(await em.query(text, [1])).toEqual([{ n: 2 }]);
      expect(await em.query(text, [41])).toEqual([{ n: 42 }]);
      expect(await em.query(other, [40])).toEqual([{ n: 42 }]);
      await em.query(`SELECT 1 AS unparameterised`);
      const mine = (await preparedHere(em)).filter((s) => s.statement === text || s.statement === other);
      if (onPostgres) {
        // Once each, named by the text: the second run of `text` reused the first one's statement.
        expect(mine).toEqual(
          [
            { name: preparedName(text), statement: text },
            { name: preparedName(other), statement: other },
          ].sort((a, b) => a.name.localeCompare(b.name)),
        );
        expect((await preparedHere(em)).some((s) => s.statement.includes('unparameterised'))).toBe(false);
      } else {
        expect(mine).toEqual([]);
      }
    });
  });

  it('the application works the same with them: an order is created and read back', async () => {
    const accountId = await seedAccount(t, { tariffId: await seedTariff(t, { ordersPerPeriod: null }) });
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    // More than PostgreSQL's five custom plans before it considers a generic one.
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '100');
    const created = [];
    for (let i = 0; i < 8; i++) created.push((await newOrder(t, client.as, { description: `Printer ${i}` })).id);
    const r = await t.ok<{ orders: { nodes: Array<{ id: string; description: string }> } }>(
      `{ orders(first: 20) { nodes { id description } } }`,
      {},
      client.as,
    );
    expect(r.orders.nodes.map((o) => o.id).sort()).toEqual([...created].sort());
  });
});

describe.skipIf(!onPostgres)('prepared statements on a PostgreSQL server', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it(`a connection keeps at most ${MAX_PREPARED_PER_CONNECTION}; beyond that statements run unnamed`, async () => {
    const client = new PreparingClient({ connectionString: t.system.config.databaseUrl });
    await client.connect();
    try {
      const total = MAX_PREPARED_PER_CONNECTION + 20;
      for (let i = 0; i < total; i++) {
        const { rows } = await client.query(`SELECT $1::int AS n, ${i} AS i`, [i]);
        expect(rows).toEqual([{ n: i, i }]);
      }
      // An early text is still reused under its name; the late ones were planned per call.
      const { rows: again } = await client.query(`SELECT $1::int AS n, 0 AS i`, [7]);
      expect(again).toEqual([{ n: 7, i: 0 }]);
      const { rows } = await client.query(`SELECT count(*)::int AS count FROM pg_prepared_statements`);
      expect(rows[0].count).toBe(MAX_PREPARED_PER_CONNECTION);
    } finally {
      await client.end();
    }
  });

  it('a statement made stale by a column type change (a rolling upgrade) fails once, then is prepared anew', async () => {
    await t.sql(`CREATE TABLE stale_probe (v int NOT NULL)`);
    await t.sql(`INSERT INTO stale_probe (v) VALUES (7)`);
    const client = new PreparingClient({ connectionString: t.system.config.databaseUrl });
    await client.connect();
    try {
      const text = `SELECT v FROM stale_probe WHERE $1::int > 0`;
      expect((await client.query(text, [7])).rows).toEqual([{ v: 7 }]);
      // Another instance's migration changes the type of the column this statement returns.
      await t.sql(`ALTER TABLE stale_probe ALTER COLUMN v TYPE bigint`);
      await expect(client.query(text, [7])).rejects.toThrow(/cached plan must not change result type/);
      // The connection recovers by itself: the text runs under a new name, with the new type (int8 as text).
      expect((await client.query(text, [7])).rows).toEqual([{ v: '7' }]);
      expect((await client.query(text, [7])).rows).toEqual([{ v: '7' }]);
      const { rows } = await client.query(
        `SELECT name FROM pg_prepared_statements WHERE statement = '${text}' ORDER BY name`,
      );
      expect(rows.map((r: { name: string }) => r.name)).toEqual([preparedName(text), `${preparedName(text)}_1`]);
      // The callback form recovers the same way.
      await t.sql(`ALTER TABLE stale_probe ALTER COLUMN v TYPE text`);
      const viaCallback = () =>
        new Promise<unknown>((resolve, reject) =>
          client.query(text, [7], (error: Error | null, r: pg.QueryResult) =>
            error ? reject(error) : resolve(r.rows),
          ),
        );
      await expect(viaCallback()).rejects.toThrow(/cached plan must not change result type/);
      expect(await viaCallback()).toEqual([{ v: '7' }]);
    } finally {
      await client.end();
    }
  });

  it('DATABASE_PREPARED_STATEMENTS=false prepares nothing', async () => {
    const off = await startTestSystem({ attachTo: t, env: { DATABASE_PREPARED_STATEMENTS: 'false' } });
    try {
      await off.system.database.dataSource.transaction(async (em) => {
        await em.query(`SELECT $1::int AS n`, [1]);
        expect(await preparedHere(em)).toEqual([]);
      });
    } finally {
      await off.stop();
    }
  });
});

describe.skipIf(!onPostgres)('connections run READ COMMITTED whatever the database default', () => {
  it('a database whose default is REPEATABLE READ still gets READ COMMITTED transactions from the server', async () => {
    const first = await startTestSystem();
    try {
      const [{ db }] = await first.sql<{ db: string }>(`SELECT current_database() AS db`);
      await first.sql(`ALTER DATABASE ${db} SET default_transaction_isolation = 'repeatable read'`);
      // New connections (a second instance) would start REPEATABLE READ if the server did not set its own.
      const second = await startTestSystem({ attachTo: first });
      try {
        const probe = new pg.Client({ connectionString: first.system.config.databaseUrl });
        await probe.connect();
        const { rows } = await probe.query(`SHOW default_transaction_isolation`);
        await probe.end();
        expect(rows[0].default_transaction_isolation).toBe('repeatable read');
        await second.system.database.dataSource.transaction(async (em) => {
          expect(await em.query(`SHOW transaction_isolation`)).toEqual([{ transaction_isolation: 'read committed' }]);
        });
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });
});
