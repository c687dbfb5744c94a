/**
 * A small world in which every operation can succeed with stand-in arguments, so that a hostile value in one
 * argument is what the server has to deal with (not an unknown id in another). Seeded through SQL, and seeded
 * afresh after a call that changed it (a taken order cannot be taken again).
 */
import { createHash, randomBytes } from 'node:crypto';
import { asTelegram, newTelegramId, type Caller, type TestSystem } from './harness.js';
import {
  seedAccount,
  seedBranch,
  seedCaller,
  seedContractorCategories,
  seedInvoice,
  seedOrder,
  seedTariff,
} from './seed.js';

export interface World {
  tariff: string;
  otherTariff: string;
  account: string;
  zone: string;
  branch: string;
  client: { id: string; as: Caller };
  /** Holds `orderTaken`, closed `orderDone`. */
  contractor: { id: string; as: Caller };
  /** Free, active: for assigning and deactivating. */
  freeContractor: string;
  deactivatedUser: string;
  orderNew: string;
  orderNewNumber: string;
  orderTaken: string;
  orderDone: string;
  orderArchived: string;
  invoice: string;
  /** The world's own category (GENERAL), the only one its contractors serve. */
  category: string;
  apiKey: string;
  session: string;
  /** The owner's: TELEGRAM (the bot acknowledges it), ADMIN (the owner reads it). */
  notification: string;
  adminNotification: string;
}

export async function seedWorld(t: TestSystem, ownerId: string): Promise<World> {
  const tag = randomBytes(4).toString('hex');
  const tariff = await seedTariff(t, { name: `World ${tag}`, ordersPerPeriod: null, canPinContractors: true });
  const otherTariff = await seedTariff(t, { name: `World other ${tag}` });
  const account = await seedAccount(t, { name: `World ${tag}`, tariffId: tariff });
  const zone = await seedBranch(t, { accountId: account, kind: 'ZONE', name: `Zone ${tag}` });
  const branch = await seedBranch(t, { accountId: account, name: `Branch ${tag}`, code: `W${tag}` });
  // The world's own category, served only by its own contractors: a new order notifies them, not every
  // contractor of every earlier world.
  const categoryCode = `W${tag.toUpperCase()}`;
  const [category] = await t.sql<{ id: string }>(
    `INSERT INTO category (code, kind, name_en, name_ru, position) VALUES ($1, 'GENERAL', 'World', 'Мир', 99)
     RETURNING id`,
    [categoryCode],
  );
  const client = await seedCaller(t, { role: 'CLIENT', accountId: account, branchId: branch });
  const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
  const freeContractor = (await seedCaller(t, { role: 'CONTRACTOR' })).id;
  await seedContractorCategories(t, contractor.id, [categoryCode]);
  await seedContractorCategories(t, freeContractor, [categoryCode]);
  const [deactivated] = await t.sql<{ id: string }>(
    `INSERT INTO app_user (role, telegram_id, active) VALUES ('CONTRACTOR', $1, false) RETURNING id`,
    [newTelegramId()],
  );
  const order = (status?: 'NEW' | 'IN_PROGRESS' | 'DONE') =>
    seedOrder(t, { accountId: account, authorId: client.id, status, contractorId: contractor.id, categoryCode });
  const orderNew = await order('NEW');
  const orderTaken = await order('IN_PROGRESS');
  const orderDone = await order('DONE');
  const orderArchived = await order('DONE');
  await t.sql(`UPDATE service_order SET archived_at = now() WHERE id = $1`, [orderArchived]);
  const [{ number: orderNewNumber }] = (await t.sql(`SELECT number FROM service_order WHERE id = $1`, [orderNew])) as [
    { number: string },
  ];
  const invoice = await seedInvoice(t, { accountId: account, issuedAt: t.clock.now() });
  const prefix = randomBytes(6).toString('hex');
  const [apiKey] = await t.sql<{ id: string }>(
    `INSERT INTO api_key (name, prefix, key_hash, scopes, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [`world ${tag}`, prefix, createHash('sha256').update(prefix).digest('hex'), ['orders:read'], ownerId],
  );
  const [session] = await t.sql<{ id: string }>(
    `INSERT INTO web_session (token_hash, user_id, created_at, expires_at)
     VALUES ($1, $2, now(), now() + interval '1 day') RETURNING id`,
    [createHash('sha256').update(tag).digest('hex'), ownerId],
  );
  const notify = async (channel: 'TELEGRAM' | 'ADMIN') => {
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO notification (recipient_id, recipient_access_version, channel, kind, order_id, payload, created_at)
       SELECT id, access_version, $3, 'ORDER_CREATED', $2, '{}', now() FROM app_user WHERE id = $1
       RETURNING id::text AS id`,
      [ownerId, orderNew, channel],
    );
    return row!.id;
  };
  const notification = await notify('TELEGRAM');
  const adminNotification = await notify('ADMIN');
  return {
    tariff,
    otherTariff,
    account,
    zone,
    branch,
    client: { id: client.id, as: client.as },
    contractor: { id: contractor.id, as: asTelegram(t, { id: contractor.telegramId }) },
    freeContractor,
    deactivatedUser: deactivated!.id,
    orderNew,
    orderNewNumber,
    orderTaken,
    orderDone,
    orderArchived,
    invoice,
    category: category!.id,
    apiKey: apiKey!.id,
    session: session!.id,
    notification,
    adminNotification,
  };
}
