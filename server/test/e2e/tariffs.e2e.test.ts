import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, withToken, type Caller, type GqlResult, type TestSystem } from '../harness.js';
import { billingPeriodAt } from '../../src/modules/billing/billing-period.js';
import { countRows, seedAccount, seedCaller, seedTariff } from '../seed.js';

let t: TestSystem;
let owner: Caller;
let ownerId: string;
let manager: Caller;
const DAY = 86_400_000;
/** The billing period in progress under the default settings (BILLING_DAY 1, TIMEZONE Europe/Moscow). */
const periodInProgress = () => billingPeriodAt(t.clock.now(), 1, 'Europe/Moscow');

beforeAll(async () => {
  t = await startTestSystem();
  const o = await seedCaller(t, { role: 'OWNER' });
  owner = o.as;
  ownerId = o.id;
  manager = (await seedCaller(t, { role: 'MANAGER' })).as;
});
afterAll(async () => {
  await t?.stop();
});

const TARIFF_FIELDS = `id name ordersPerPeriod reactionTimeMinutes canPinContractors canSeeContractorContacts
  active currentPrice createdAt priceHistory { price effectiveFrom createdAt createdBy { id } }`;
const CREATE = `mutation ($input: CreateTariffInput!) {
  createTariff(input: $input) {
    __typename
    ... on Tariff { ${TARIFF_FIELDS} }
    ... on TariffNameTaken { name existing { id } }
  }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTariffInput!) {
  updateTariff(id: $id, input: $input) {
    __typename
    ... on Tariff { ${TARIFF_FIELDS} }
    ... on TariffNameTaken { name existing { id } }
  }
}`;
const SET_PRICE = `mutation ($id: ID!, $price: String!, $at: DateTimeISO!) {
  setTariffPrice(tariffId: $id, price: $price, effectiveFrom: $at) {
    __typename
    ... on Tariff { id currentPrice priceHistory { price effectiveFrom } }
    ... on PriceAlreadySetForMoment { effectiveFrom existingPrice }
    ... on PriceMomentInvoiced { invoicedPeriodStart message }
  }
}`;
const PRICE_AT = `query ($id: ID!, $at: DateTimeISO!) { tariff(id: $id) { currentPrice priceAt(at: $at) } }`;

let seq = 0;
const input = (over: Record<string, unknown> = {}) => ({
  name: `Standard ${++seq}`,
  ordersPerPeriod: 5,
  reactionTimeMinutes: 120,
  canPinContractors: true,
  canSeeContractorContacts: false,
  price: '1500',
  ...over,
});
const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const counts = async () => ({
  tariffs: await countRows(t, 'tariff'),
  prices: await countRows(t, 'tariff_price'),
  audit: await countRows(t, 'audit_log'),
});

describe('tariffs', () => {
  it('R-TAR-1 an owner creates a tariff with its first price, audited', async () => {
    const r = await t.ok(CREATE, { input: input({ name: '  Business  ' }) }, owner);
    const tariff = r.createTariff;
    expect(tariff).toMatchObject({
      __typename: 'Tariff',
      name: 'Business',
      ordersPerPeriod: 5,
      reactionTimeMinutes: 120,
      canPinContractors: true,
      canSeeContractorContacts: false,
      active: true,
      currentPrice: '1500.00',
    });
    expect(tariff.priceHistory).toEqual([
      {
        price: '1500.00',
        effectiveFrom: t.clock.now().toISOString(),
        createdAt: expect.any(String),
        createdBy: { id: ownerId },
      },
    ]);
    const audit = await t.sql('SELECT action, actor_id FROM audit_log WHERE entity_id = $1', [tariff.id]);
    expect(audit).toEqual([{ action: 'tariff.created', actor_id: ownerId }]);
  });

  it('R-TAR-1 an unlimited tariff has null ordersPerPeriod; a free one costs 0', async () => {
    const r = await t.ok(CREATE, { input: input({ ordersPerPeriod: null, price: '0' }) }, owner);
    expect(r.createTariff).toMatchObject({ ordersPerPeriod: null, currentPrice: '0.00' });
  });

  it('R-TAR-1 names are unique case-insensitively: TariffNameTaken, nothing written', async () => {
    const first = (await t.ok(CREATE, { input: input({ name: 'Premium' }) }, owner)).createTariff;
    const before = await counts();
    const r = await t.ok(CREATE, { input: input({ name: 'PREMIUM' }) }, owner);
    expect(r.createTariff).toEqual({ __typename: 'TariffNameTaken', name: 'PREMIUM', existing: { id: first.id } });
    expect(await counts()).toEqual(before);
  });

  it('R-TAR-1 an owner updates limits, flags and the active state; accounts see it at once', async () => {
    const created = (await t.ok(CREATE, { input: input() }, owner)).createTariff;
    const r = await t.ok(
      UPDATE,
      { id: created.id, input: { unlimitedOrders: true, reactionTimeMinutes: 30, canSeeContractorContacts: true } },
      owner,
    );
    expect(r.updateTariff).toMatchObject({
      __typename: 'Tariff',
      ordersPerPeriod: null,
      reactionTimeMinutes: 30,
      canSeeContractorContacts: true,
      canPinContractors: true,
    });
    const again = await t.ok(UPDATE, { id: created.id, input: { ordersPerPeriod: 7, active: false } }, owner);
    expect(again.updateTariff).toMatchObject({ ordersPerPeriod: 7, active: false });
    const listed = await t.ok('{ tariffs { id } all: tariffs(includeInactive: true) { id } }', {}, manager);
    expect(listed.tariffs.map((x: { id: string }) => x.id)).not.toContain(created.id);
    expect(listed.all.map((x: { id: string }) => x.id)).toContain(created.id);
  });

  it('R-TAR-1 renaming onto another tariff’s name is refused and changes nothing', async () => {
    const a = (await t.ok(CREATE, { input: input({ name: 'Alpha plan' }) }, owner)).createTariff;
    const b = (await t.ok(CREATE, { input: input({ name: 'Beta plan' }) }, owner)).createTariff;
    const r = await t.ok(UPDATE, { id: b.id, input: { name: 'alpha PLAN', reactionTimeMinutes: 9 } }, owner);
    expect(r.updateTariff).toEqual({ __typename: 'TariffNameTaken', name: 'alpha PLAN', existing: { id: a.id } });
    const [row] = await t.sql('SELECT name, reaction_time_minutes FROM tariff WHERE id = $1', [b.id]);
    expect(row).toEqual({ name: 'Beta plan', reaction_time_minutes: 120 });
  });

  it('R-TAR-1 price changes keep history; the price in force at a moment is the latest effective one', async () => {
    const created = (await t.ok(CREATE, { input: input({ price: '1000' }) }, owner)).createTariff;
    const start = t.clock.now();
    const in10 = new Date(start.getTime() + 10 * DAY);
    const in20 = new Date(start.getTime() + 20 * DAY);
    const r1 = await t.ok(SET_PRICE, { id: created.id, price: '1200.5', at: in10.toISOString() }, owner);
    expect(r1.setTariffPrice).toMatchObject({ __typename: 'Tariff', currentPrice: '1000.00' });
    await t.ok(SET_PRICE, { id: created.id, price: '1300', at: in20.toISOString() }, owner);

    const at = async (d: Date) => (await t.ok(PRICE_AT, { id: created.id, at: d.toISOString() }, owner)).tariff;
    expect((await at(new Date(in10.getTime() - 1))).priceAt).toBe('1000.00');
    expect((await at(in10)).priceAt).toBe('1200.50');
    expect((await at(new Date(in20.getTime() + DAY))).priceAt).toBe('1300.00');
    expect((await at(new Date(start.getTime() - DAY))).priceAt).toBeNull();

    t.clock.advance(15 * DAY);
    expect((await at(start)).currentPrice).toBe('1200.50');
    const history = await t.ok(
      `query ($id: ID!) { tariff(id: $id) { priceHistory { price } } }`,
      { id: created.id },
      owner,
    );
    expect(history.tariff.priceHistory.map((p: { price: string }) => p.price)).toEqual([
      '1000.00',
      '1200.50',
      '1300.00',
    ]);
  });

  it('R-TAR-1 a second price for the same moment is refused: PriceAlreadySetForMoment', async () => {
    const created = (await t.ok(CREATE, { input: input() }, owner)).createTariff;
    const at = new Date(t.clock.now().getTime() + DAY).toISOString();
    await t.ok(SET_PRICE, { id: created.id, price: '10', at }, owner);
    const before = await counts();
    const r = await t.ok(SET_PRICE, { id: created.id, price: '20', at }, owner);
    expect(r.setTariffPrice).toEqual({
      __typename: 'PriceAlreadySetForMoment',
      effectiveFrom: at,
      existingPrice: '10.00',
    });
    expect(await counts()).toEqual(before);
  });

  it('R-TAR-1 a price may not take effect before a period already invoiced at the tariff', async () => {
    const tariffId = await seedTariff(t);
    const accountId = await seedAccount(t, { tariffId });
    // The period before the one in progress, invoiced at this tariff.
    const current = periodInProgress();
    const periodStart = new Date(current.start.getTime() - 30 * DAY);
    await t.sql(
      `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount) VALUES ($1, $2, $3, $4, 1000)`,
      [accountId, tariffId, periodStart, current.start],
    );
    const before = await counts();
    const r = await t.ok(
      SET_PRICE,
      { id: tariffId, price: '5', at: new Date(periodStart.getTime() - DAY).toISOString() },
      owner,
    );
    expect(r.setTariffPrice).toMatchObject({
      __typename: 'PriceMomentInvoiced',
      invoicedPeriodStart: periodStart.toISOString(),
    });
    expect(await counts()).toEqual(before);
    const later = await t.ok(SET_PRICE, { id: tariffId, price: '5', at: current.start.toISOString() }, owner);
    expect(later.setTariffPrice.__typename).toBe('Tariff');
  });

  it('R-TAR-1 R-BIL-1 a price moment before the period in progress or over 3 years after it is BAD_USER_INPUT with the range', async () => {
    const created = (await t.ok(CREATE, { input: input() }, owner)).createTariff;
    const { start } = periodInProgress();
    const min = start.toISOString();
    const max = new Date(
      Date.UTC(start.getUTCFullYear() + 3, start.getUTCMonth(), start.getUTCDate(), start.getUTCHours()),
    ).toISOString();
    const ms = (iso: string, d: number) => new Date(new Date(iso).getTime() + d).toISOString();
    const before = await counts();
    // Year 1, year 9999, and a millisecond outside either end; the tariff has no invoice to be PriceMomentInvoiced.
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', ms(min, -1), ms(max, 1)]) {
      const r = await t.gql(SET_PRICE, { id: created.id, price: '7', at }, owner);
      expect(code(r), at).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions, at).toMatchObject({ field: 'effectiveFrom', min, max });
      const made = await t.gql(CREATE, { input: input({ priceEffectiveFrom: at }) }, owner);
      expect(code(made), at).toBe('BAD_USER_INPUT');
      expect(made.errors?.[0]?.extensions, at).toMatchObject({ field: 'priceEffectiveFrom', min, max });
    }
    expect(await counts()).toEqual(before);
    // Both ends are allowed.
    for (const at of [min, max]) {
      const r = await t.ok(SET_PRICE, { id: created.id, price: '7', at }, owner);
      expect(r.setTariffPrice.__typename, at).toBe('Tariff');
      const made = await t.ok(CREATE, { input: input({ priceEffectiveFrom: at }) }, owner);
      expect(made.createTariff.priceHistory[0].effectiveFrom, at).toBe(new Date(at).toISOString());
    }
  });

  it('R-TAR-1 R-BIL-1 the refusal names the zone the invoiced period was closed in, else TIMEZONE now', async () => {
    const ZONE = `mutation ($id: ID!, $at: DateTimeISO!) {
      setTariffPrice(tariffId: $id, price: "5", effectiveFrom: $at) { ... on PriceMomentInvoiced { invoicedPeriodTimeZone } }
    }`;
    const refusedZone = async (periodStart: Date, closedIn?: string) => {
      const tariffId = await seedTariff(t);
      const accountId = await seedAccount(t, { tariffId });
      const periodEnd = new Date(periodStart.getTime() + 30 * DAY);
      await t.sql(
        `INSERT INTO invoice (account_id, tariff_id, period_start, period_end, amount) VALUES ($1, $2, $3, $4, 1000)`,
        [accountId, tariffId, periodStart, periodEnd],
      );
      if (closedIn) {
        await t.sql(
          `INSERT INTO billing_period (period_start, period_end, billing_day, time_zone, closed_at, invoice_count,
                                       invoice_total, payout_count, payout_total)
           VALUES ($1, $2, 1, $3, $2, 1, 1000, 0, 0)`,
          [periodStart, periodEnd, closedIn],
        );
      }
      const at = new Date(periodStart.getTime() - DAY).toISOString();
      return (await t.ok(ZONE, { id: tariffId, at }, owner)).setTariffPrice.invoicedPeriodTimeZone;
    };
    // TIMEZONE now: Europe/Moscow (the default).
    expect(await refusedZone(new Date('2020-01-31T14:00:00Z'), 'Asia/Vladivostok')).toBe('Asia/Vladivostok');
    expect(await refusedZone(new Date('2020-06-01T00:00:00Z'))).toBe('Europe/Moscow');
  });

  it('R-TAR-1 bad input is refused with the field named, and nothing is written', async () => {
    const existing = (await t.ok(CREATE, { input: input() }, owner)).createTariff;
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [input({ name: '' }), 'name'],
      [input({ name: '   ' }), 'name'],
      [input({ name: 'x'.repeat(1_000_000) }), 'name'],
      [input({ price: '-1' }), 'price'],
      [input({ price: '1e5' }), 'price'],
      [input({ price: '12.345' }), 'price'],
      [input({ ordersPerPeriod: 0 }), 'ordersPerPeriod'],
      [input({ reactionTimeMinutes: 0 }), 'reactionTimeMinutes'],
      [input({ reactionTimeMinutes: 525_601 }), 'reactionTimeMinutes'],
    ];
    for (const [bad, name] of cases) {
      const r = await t.gql(CREATE, { input: bad }, owner);
      expect(code(r), name).toBe('BAD_USER_INPUT');
      expect(String(field(r)), name).toContain(name);
    }
    const neg = await t.gql(SET_PRICE, { id: existing.id, price: '-5', at: t.clock.now().toISOString() }, owner);
    expect(code(neg)).toBe('BAD_USER_INPUT');
    expect(field(neg)).toBe('price');
    const both = await t.gql(UPDATE, { id: existing.id, input: { ordersPerPeriod: 3, unlimitedOrders: true } }, owner);
    expect(code(both)).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('R-TAR-1 unknown and non-uuid tariff ids are NOT_FOUND', async () => {
    const before = await counts();
    for (const id of ['00000000-0000-0000-0000-000000000001', 'not-a-uuid', "1'; DROP TABLE tariff; --"]) {
      expect(code(await t.gql(PRICE_AT, { id, at: t.clock.now().toISOString() }, owner))).toBe('NOT_FOUND');
      expect(code(await t.gql(UPDATE, { id, input: { name: 'Nope' } }, owner))).toBe('NOT_FOUND');
      expect(code(await t.gql(SET_PRICE, { id, price: '1', at: t.clock.now().toISOString() }, owner))).toBe(
        'NOT_FOUND',
      );
    }
    expect(await counts()).toEqual(before);
  });

  it('R-BIL-4 only owners manage tariffs: managers read, clients and contractors are refused', async () => {
    const tariffId = await seedTariff(t);
    const accountId = await seedAccount(t, { tariffId });
    const client = (await seedCaller(t, { role: 'CLIENT', accountId })).as;
    const contractor = (await seedCaller(t, { role: 'CONTRACTOR' })).as;
    const before = await counts();
    expect(code(await t.gql(CREATE, { input: input() }, manager))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE, { input: input() }, client))).toBe('FORBIDDEN');
    expect(code(await t.gql(UPDATE, { id: tariffId, input: { name: 'X' } }, contractor))).toBe('FORBIDDEN');
    expect(code(await t.gql('{ tariffs { id } }', {}, client))).toBe('FORBIDDEN');
    expect(code(await t.gql('{ tariffs { id } }'))).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
    const read = await t.ok(
      `query ($id: ID!) { tariff(id: $id) { id priceHistory { price } } }`,
      { id: tariffId },
      manager,
    );
    expect(read.tariff).toEqual({ id: tariffId, priceHistory: [{ price: '1000.00' }] });
    // A client reaches its own tariff only through its account, without the price history.
    const mine = await t.ok('{ myAccount { tariff { id currentPrice } } }', {}, client);
    expect(mine.myAccount.tariff).toEqual({ id: tariffId, currentPrice: '1000.00' });
    const history = await t.gql('{ myAccount { tariff { priceHistory { price } } } }', {}, client);
    expect(code(history)).toBe('FORBIDDEN');
  });

  it('R-TAR-1 API keys need tariffs:read to read and tariffs:write to change', async () => {
    const key = async (scopes: string[]) =>
      withToken(
        (
          await t.ok(
            `mutation ($s: [ApiScope!]!) { createApiKey(name: "tariffs", scopes: $s) { secret } }`,
            { s: scopes },
            owner,
          )
        ).createApiKey.secret,
      );
    const reader = await key(['TARIFFS_READ']);
    const writer = await key(['TARIFFS_WRITE']);
    expect((await t.ok('{ tariffs(includeInactive: true) { id } }', {}, reader)).tariffs.length).toBeGreaterThan(0);
    expect(code(await t.gql(CREATE, { input: input() }, reader))).toBe('FORBIDDEN');
    expect(code(await t.gql('{ tariffs { id } }', {}, writer))).toBe('FORBIDDEN');
    const made = await t.ok(
      `mutation ($input: CreateTariffInput!) { createTariff(input: $input) { ... on Tariff { id currentPrice } } }`,
      { input: input({ price: '99' }) },
      writer,
    );
    expect(made.createTariff.currentPrice).toBe('99.00');
    const [price] = await t.sql('SELECT created_by_id FROM tariff_price WHERE tariff_id = $1', [made.createTariff.id]);
    expect(price).toEqual({ created_by_id: null });
    const [audit] = await t.sql('SELECT actor_id, api_key_id FROM audit_log WHERE entity_id = $1', [
      made.createTariff.id,
    ]);
    expect(audit).toMatchObject({ actor_id: null, api_key_id: expect.any(String) });
  });
});
