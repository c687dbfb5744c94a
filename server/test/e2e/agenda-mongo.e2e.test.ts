import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { seedSetting } from '../seed.js';
import { newOrder, seedClientSetup } from '../orders.helpers.js';
import { isoAt, moveClockTo, warningsOf } from '../sla.helpers.js';
import { SLA_DUE_JOB } from '../../src/modules/sla/jobs/sla.job.js';

/**
 * The MongoDB job store (AGENDA_MONGO_URL). No MongoDB server can be installed where this project is
 * developed and tested, so this file runs only when AGENDA_MONGO_URL points at one, e.g.
 *   AGENDA_MONGO_URL=mongodb://127.0.0.1:27017/itsupport_test pnpm --filter @itsupport/server exec vitest run test/e2e/agenda-mongo.e2e.test.ts
 */
const mongoUrl = process.env.AGENDA_MONGO_URL;
if (!mongoUrl) {
  console.warn('agenda-mongo.e2e: skipped — AGENDA_MONGO_URL is not set (no MongoDB server is installed here)');
}

const MIN = 60_000;

describe.skipIf(!mongoUrl)('Agenda on MongoDB (AGENDA_MONGO_URL)', () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ env: { AGENDA_MONGO_URL: mongoUrl! } });
    await seedSetting(t, 'MAX_OPEN_ORDERS_PER_CLIENT', '1000');
  });
  afterAll(async () => {
    await t?.system.jobs.agenda.cancel({ name: SLA_DUE_JOB });
    await t?.stop();
  });

  it('R-SLA-5 the SLA jobs live in MongoDB: an order’s sla-due job is stored at its moment and fires the stage once', async () => {
    expect(t.system.jobs.store).toBe('mongodb');
    const agenda = t.system.jobs.agenda;
    const setup = await seedClientSetup(t, { ordersPerPeriod: null, reactionTimeMinutes: 100 });
    const order = await newOrder(t, setup.client.as);
    const dueAt = isoAt(order.createdAt, 95 * MIN);
    const deadline = Date.now() + 10_000;
    let stored: Date | null | undefined;
    while (Date.now() < deadline) {
      const { jobs } = await agenda.queryJobs({ name: SLA_DUE_JOB, data: { orderId: order.id } });
      stored = jobs[0]?.nextRunAt;
      if (stored) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(stored?.toISOString()).toBe(dueAt);
    // Nothing of the order is in the application database's agenda_jobs.
    expect(await t.sql(`SELECT 1 FROM agenda_jobs WHERE data->>'orderId' = $1`, [order.id])).toEqual([]);

    moveClockTo(t, order.createdAt, 95 * MIN);
    await agenda
      .create(SLA_DUE_JOB, { orderId: order.id })
      .unique({ 'data.orderId': order.id })
      .schedule(new Date())
      .save();
    const until = Date.now() + 15_000;
    while ((await warningsOf(t.system, order.id)).length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await warningsOf(t.system, order.id)).toEqual([`NOT_TAKEN_WARNING@${dueAt}`]);
  });
});
