import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  asTelegram,
  newTelegramId,
  startTestSystem,
  type Caller,
  type GqlResult,
  type TestSystem,
} from '../harness.js';
import { countRows, seedAccount, seedCaller } from '../seed.js';

let t: TestSystem;
let owner: Caller;

beforeAll(async () => {
  t = await startTestSystem();
  owner = (await seedCaller(t, { role: 'OWNER' })).as;
});
afterAll(async () => {
  await t?.stop();
});

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const LIST = `{ categories { code name nameRu nameEn kind active position } }`;
const CREATE = `mutation ($input: CreateCategoryInput!) {
  createCategory(input: $input) {
    __typename
    ... on Category { id code name kind active position }
    ... on CategoryCodeTaken { code existing { id } }
  }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCategoryInput!) {
  updateCategory(id: $id, input: $input) {
    __typename
    ... on Category { id code nameEn active position }
    ... on CategoryCodeTaken { code existing { id } }
  }
}`;

describe('categories', () => {
  it('R-ORD-1 every signed-in role lists the four built-in categories, named in its language', async () => {
    const accountId = await seedAccount(t);
    const client = await seedCaller(t, { role: 'CLIENT', accountId });
    const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
    const r = await t.ok(LIST, {}, client.as);
    expect(r.categories.map((c: { code: string }) => c.code)).toEqual([
      'IT_HELP',
      'CARTRIDGE',
      'REPAIR',
      'MAINTENANCE',
    ]);
    expect(r.categories[1]).toMatchObject({ name: 'Картриджи', kind: 'CARTRIDGE', active: true });
    await t.ok(`mutation { setMyLanguage(language: EN) { id } }`, {}, contractor.as);
    const en = await t.ok(LIST, {}, contractor.as);
    expect(en.categories[1].name).toBe('Cartridges');
    expect(code(await t.gql(LIST, {}, anonymous))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(LIST, {}, asTelegram(t, { id: newTelegramId() })))).toBe('UNKNOWN_TELEGRAM_USER');
  });

  it('R-ORD-1 the owner adds a category; a taken code is refused and nothing is written', async () => {
    const r = await t.ok(
      CREATE,
      { input: { code: 'NETWORK', nameRu: 'Сеть', nameEn: 'Network', kind: 'GENERAL' } },
      owner,
    );
    expect(r.createCategory).toMatchObject({
      __typename: 'Category',
      code: 'NETWORK',
      name: 'Сеть',
      active: true,
      position: 5,
    });
    const before = await countRows(t, 'category');
    const dup = await t.ok(CREATE, { input: { code: 'CARTRIDGE', nameRu: 'x', nameEn: 'x', kind: 'GENERAL' } }, owner);
    expect(dup.createCategory).toMatchObject({ __typename: 'CategoryCodeTaken', code: 'CARTRIDGE' });
    expect(await countRows(t, 'category')).toBe(before);
  });

  it('R-ORD-1 the owner retires and renames a category; retired ones are listed only when asked', async () => {
    const made = (
      await t.ok(CREATE, { input: { code: 'PHONES', nameRu: 'Телефоны', nameEn: 'Phones', kind: 'EQUIPMENT' } }, owner)
    ).createCategory;
    const r = await t.ok(UPDATE, { id: made.id, input: { nameEn: 'Telephony', active: false, position: 99 } }, owner);
    expect(r.updateCategory).toMatchObject({ code: 'PHONES', nameEn: 'Telephony', active: false, position: 99 });
    const active = await t.ok(LIST, {}, owner);
    expect(active.categories.map((c: { code: string }) => c.code)).not.toContain('PHONES');
    const all = await t.ok(`{ categories(includeInactive: true) { code } }`, {}, owner);
    expect(all.categories.map((c: { code: string }) => c.code)).toContain('PHONES');
    const taken = await t.ok(UPDATE, { id: made.id, input: { code: 'REPAIR' } }, owner);
    expect(taken.updateCategory.__typename).toBe('CategoryCodeTaken');
  });

  it('R-ORD-1 bad category input is refused and only the owner may change categories', async () => {
    const manager = (await seedCaller(t, { role: 'MANAGER' })).as;
    const before = await countRows(t, 'category');
    for (const input of [
      { code: 'lower', nameRu: 'a', nameEn: 'a', kind: 'GENERAL' },
      { code: 'X', nameRu: 'a', nameEn: 'a', kind: 'GENERAL' },
      { code: 'OK_CODE', nameRu: '', nameEn: 'a', kind: 'GENERAL' },
      { code: 'OK_CODE', nameRu: 'a', nameEn: 'x'.repeat(1_000_000), kind: 'GENERAL' },
    ]) {
      expect(code(await t.gql(CREATE, { input }, owner))).toBe('BAD_USER_INPUT');
    }
    const ok = { code: 'OK_CODE', nameRu: 'a', nameEn: 'a', kind: 'GENERAL' };
    expect(code(await t.gql(CREATE, { input: ok }, manager))).toBe('FORBIDDEN');
    expect(code(await t.gql(UPDATE, { id: 'nope', input: { active: false } }, owner))).toBe('NOT_FOUND');
    expect(await countRows(t, 'category')).toBe(before);
  });
});
