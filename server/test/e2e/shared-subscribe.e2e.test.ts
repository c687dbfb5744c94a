import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { collect, sleep, waitFor } from '../live.helpers.js';
import { newOrder, seedClientSetup, take } from '../orders.helpers.js';
import { seedCaller } from '../seed.js';

let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => {
  await t?.stop();
});

const STREAM = `subscription { orderEvents { cursor event { kind actor { username lastName } } } }`;

describe('shared execution of subscription deliveries', () => {
  it('many subscriptions of one caller share one execution per event, and callers never share', async () => {
    // R-ACC-5: this client's tariff does not show contractor contacts; a manager sees them.
    const { client } = await seedClientSetup(t, { canSeeContractorContacts: false });
    const manager = await seedCaller(t, { role: 'MANAGER' });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', username: 'shared_contractor' });
    await t.sql(`UPDATE app_user SET last_name = 'Hidden' WHERE id = $1`, [contractor.id]);

    const managerStreams = Array.from({ length: 5 }, () => collect(t.ws(manager.as), STREAM, {}, 'orderEvents'));
    const clientStreams = Array.from({ length: 3 }, () => collect(t.ws(client.as), STREAM, {}, 'orderEvents'));
    await sleep(500);
    const order = await newOrder(t, client.as);
    await take(t, contractor.as, order.id);
    const all = [...managerStreams, ...clientStreams];
    await waitFor(() => all.every((s) => s.items.length >= 2), 'both events on every stream');

    const taken = (items: any[]) => items.find((i) => i.event.kind === 'TAKEN');
    for (const s of managerStreams) {
      expect(s.errors).toEqual([]);
      expect(taken(s.items).event.actor).toEqual({ username: 'shared_contractor', lastName: 'Hidden' });
    }
    for (const s of clientStreams) {
      expect(s.errors).toEqual([]);
      expect(taken(s.items).event.actor).toEqual({ username: null, lastName: null });
    }
    // Every stream of one caller got exactly the same items, in the same order.
    const first = JSON.stringify(managerStreams[0]!.items);
    for (const s of managerStreams) expect(JSON.stringify(s.items)).toBe(first);
    for (const s of all) s.dispose();
  });
});
