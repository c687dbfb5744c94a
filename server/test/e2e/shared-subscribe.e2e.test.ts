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
    // The users the two mutations read by id themselves, with nobody subscribed.
    const userReads = () => t.queries.filter((q) => q.includes('"UserEntity"."id" IN')).length;
    t.queries.length = 0;
    await take(t, contractor.as, (await newOrder(t, client.as)).id);
    const mutationsAlone = userReads();

    const managerStreams = Array.from({ length: 5 }, () => collect(t.ws(manager.as), STREAM, {}, 'orderEvents'));
    const clientStreams = Array.from({ length: 3 }, () => collect(t.ws(client.as), STREAM, {}, 'orderEvents'));
    await sleep(500);
    const before = { ...t.system.http.subscriptions };
    t.queries.length = 0;
    const order = await newOrder(t, client.as);
    await take(t, contractor.as, order.id);
    const all = [...managerStreams, ...clientStreams];
    await waitFor(() => all.every((s) => s.items.length >= 2), 'both events on every stream');
    // `actor` is resolved per caller: one execution per caller and event, never one across callers.
    expect(t.system.http.subscriptions.executions - before.executions).toBe(4);
    // Every delivery was written straight to its socket, from one serialization per execution.
    expect(t.system.http.subscriptions.serialized - before.serialized).toBe(4);
    expect(t.system.http.subscriptions.written - before.written).toBe(16);
    // But the executions of one event share its loaders: the contractor's row is read once, not per caller.
    await sleep(200);
    expect(userReads() - mutationsAlone).toBe(2); // one per event; per caller it would be four

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

  it('a selection that is the same for everyone is executed once per event for all callers, each still getting only its own events', async () => {
    // The admin panel's live orders list (admin-client/src/pages/orders/orders.graphql), with each tab's own cursor.
    const LIST = `subscription ($after: String) { orderEvents(after: $after) { cursor orderId event { id kind createdAt } } }`;
    const { client } = await seedClientSetup(t);
    const { client: otherClient } = await seedClientSetup(t);
    const managers = await Promise.all(Array.from({ length: 4 }, () => seedCaller(t, { role: 'MANAGER' })));
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const [{ id: cursor }] = await t.sql<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM order_event`);
    const staff = managers.map((m, i) => collect(t.ws(m.as), LIST, i % 2 ? { after: cursor } : {}, 'orderEvents'));
    const own = collect(t.ws(client.as), LIST, { after: cursor }, 'orderEvents');
    const other = collect(t.ws(otherClient.as), LIST, {}, 'orderEvents');
    await sleep(500);

    const before = { ...t.system.http.subscriptions };
    const order = await newOrder(t, client.as);
    await take(t, contractor.as, order.id);
    await waitFor(() => [...staff, own].every((s) => s.items.length >= 2), 'both events on every stream');
    await sleep(300);
    // Six subscribers of five callers, two events: two executions.
    expect(t.system.http.subscriptions.executions - before.executions).toBe(2);
    // Ten deliveries (five streams, two events; the other client gets none) from two serializations.
    expect(t.system.http.subscriptions.serialized - before.serialized).toBe(2);
    expect(t.system.http.subscriptions.written - before.written).toBe(10);
    for (const s of [...staff, own]) {
      expect(s.errors).toEqual([]);
      expect(s.items.map((i) => `${i.orderId}:${i.event.kind}`)).toEqual([`${order.id}:CREATED`, `${order.id}:TAKEN`]);
    }
    expect(other.items).toEqual([]); // issue 3 item 1: a client sees its own account's orders only
    for (const s of [...staff, own, other]) s.dispose();
  });

  it('who an entry names is the same user for every caller: a selection of their shared fields is executed once per event; contacts stay per caller (R-ACC-5)', async () => {
    const WHO = `subscription { orderEvents { cursor event { kind actor { id role firstName } contractor { id } } } }`;
    const { client } = await seedClientSetup(t, { canSeeContractorContacts: false });
    const managers = await Promise.all(Array.from({ length: 3 }, () => seedCaller(t, { role: 'MANAGER' })));
    const contractor = await seedCaller(t, { role: 'CONTRACTOR', firstName: 'Pyotr', username: 'pyotr_fixes' });
    const streams = [...managers, client].map((c) => collect(t.ws(c.as), WHO, {}, 'orderEvents'));
    // The same entries with a contact field: executed per caller, the client without contacts sees none.
    const contacts = [managers[0]!, client].map((c) =>
      collect(t.ws(c.as), `subscription { orderEvents { event { kind actor { id username } } } }`, {}, 'orderEvents'),
    );
    await sleep(500);

    const before = { ...t.system.http.subscriptions };
    const order = await newOrder(t, client.as);
    await take(t, contractor.as, order.id);
    await waitFor(() => [...streams, ...contacts].every((s) => s.items.length >= 2), 'both events on every stream');
    await sleep(300);
    // Two events: one shared execution each for the four callers, and one per caller and event for contacts.
    expect(t.system.http.subscriptions.executions - before.executions).toBe(2 + 4);
    for (const s of streams) {
      expect(s.errors).toEqual([]);
      expect(s.items.map((i) => i.event)).toEqual([
        { kind: 'CREATED', actor: { id: client.id, role: 'CLIENT', firstName: null }, contractor: null },
        {
          kind: 'TAKEN',
          actor: { id: contractor.id, role: 'CONTRACTOR', firstName: 'Pyotr' },
          contractor: { id: contractor.id },
        },
      ]);
    }
    const takenBy = (items: any[]) => items.find((i) => i.event.kind === 'TAKEN').event.actor;
    expect(takenBy(contacts[0]!.items)).toEqual({ id: contractor.id, username: 'pyotr_fixes' });
    expect(takenBy(contacts[1]!.items)).toEqual({ id: contractor.id, username: null });
    for (const s of [...streams, ...contacts]) s.dispose();
  });
});
