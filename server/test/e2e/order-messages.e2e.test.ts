import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../harness.js';
import { seedCaller } from '../seed.js';
import {
  SEND_MESSAGE,
  apiKeyCaller,
  newOrder,
  orderTableCounts,
  seedLifecycleSetup,
  take,
  type ClientSetup,
} from '../orders.helpers.js';

let t: TestSystem;
let setup: ClientSetup;
let orderId: string;
let manager: Awaited<ReturnType<typeof seedCaller>>;
const MIB = 1024 * 1024;

beforeAll(async () => {
  t = await startTestSystem();
  ({ setup, manager } = await seedLifecycleSetup(t));
  const contractor = await seedCaller(t, { role: 'CONTRACTOR' });
  orderId = (await newOrder(t, setup.client.as)).id;
  await take(t, contractor.as, orderId);
});
afterAll(async () => {
  await t?.stop();
});

const send = (input: Record<string, unknown>) => t.gql(SEND_MESSAGE, { orderId, input }, setup.client.as);

describe('R-ORD-9 order messages: what a message may carry', () => {
  it('R-ORD-9 a TEXT message carries no file fields: each one, even empty, is BAD_USER_INPUT naming it', async () => {
    const before = await orderTableCounts(t);
    const fileFields: Array<[string, unknown]> = [
      ['fileId', ''],
      ['fileId', 'AgACAgIAAxk'],
      ['fileUniqueId', 'AQADAgAD'],
      ['fileName', 'report.pdf'],
      ['fileName', ''],
      ['mimeType', 'text/plain'],
      ['fileSize', 0],
      ['fileSize', 12],
      ['fileSize', 2_147_483_647],
    ];
    for (const [field, value] of fileFields) {
      const r = await send({ kind: 'TEXT', text: 'hello', [field]: value });
      expect(r.errors?.[0]?.extensions, `${field} = ${String(value)}`).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await orderTableCounts(t)).toEqual(before);
    const plain = await send({ kind: 'TEXT', text: 'hello', fileSize: null, mimeType: null });
    expect(plain.data?.sendOrderMessage).toMatchObject({ kind: 'TEXT', text: 'hello', fileSize: null });
  });

  it('R-ORD-9 a file’s size is 1 byte up to what Telegram lets a person send (photo 10 MiB, other files 2000 MiB)', async () => {
    const before = await orderTableCounts(t);
    const refused: Array<[string, number, number]> = [
      ['PHOTO', 0, 10 * MIB],
      ['PHOTO', 10 * MIB + 1, 10 * MIB],
      ['DOCUMENT', 0, 2000 * MIB],
      ['DOCUMENT', 2000 * MIB + 1, 2000 * MIB],
      ['DOCUMENT', 2_147_483_647, 2000 * MIB],
      ['VOICE', -1, 2000 * MIB],
    ];
    for (const [kind, fileSize, max] of refused) {
      const r = await send({ kind, fileId: 'AgACAgIAAxk', fileSize });
      expect(r.errors?.[0]?.extensions, `${kind} ${fileSize}`).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'fileSize',
        min: 1,
        max,
      });
    }
    expect(await orderTableCounts(t)).toEqual(before);
    for (const [kind, fileSize] of [
      ['PHOTO', 10 * MIB],
      ['DOCUMENT', 2000 * MIB],
      ['VOICE', 1],
    ] as const) {
      const r = await send({ kind, fileId: 'AgACAgIAAxk', fileSize });
      expect(r.data?.sendOrderMessage, `${kind} ${fileSize}`).toMatchObject({ kind, fileSize });
    }
  });

  it('R-ORD-9 a file’s MIME type is type/subtype', async () => {
    const before = await orderTableCounts(t);
    for (const mimeType of ['x', 'application', 'application/', '/pdf', 'text/plain; charset=utf-8', 'a b/c']) {
      const r = await send({ kind: 'DOCUMENT', fileId: 'BQACAgIAAxk', mimeType });
      expect(r.errors?.[0]?.extensions, mimeType).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mimeType' });
    }
    expect(await orderTableCounts(t)).toEqual(before);
    const ok = await send({ kind: 'DOCUMENT', fileId: 'BQACAgIAAxk', mimeType: 'application/vnd.ms-excel' });
    expect(ok.data?.sendOrderMessage).toMatchObject({ kind: 'DOCUMENT', mimeType: 'application/vnd.ms-excel' });
  });

  it('R-ORD-9 who may not write is told why in extensions.reason: NOT_ORDER_HOLDER, ROLE_NOT_ALLOWED, NOT_FOR_API_KEYS', async () => {
    // A contractor sees a NEW order offered to all, but does not hold it (one that is taken is not even found).
    const waiting = (await newOrder(t, setup.client.as)).id;
    const other = await seedCaller(t, { role: 'CONTRACTOR' });
    const before = await orderTableCounts(t);
    const notHolder = await t.gql(SEND_MESSAGE, { orderId: waiting, input: { kind: 'TEXT', text: 'hi' } }, other.as);
    expect(notHolder.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_ORDER_HOLDER' });
    const staff = await t.gql(SEND_MESSAGE, { orderId, input: { kind: 'TEXT', text: 'hi' } }, manager.as);
    expect(staff.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const key = await apiKeyCaller(t, ['ORDERS_WRITE']);
    const integration = await t.gql(SEND_MESSAGE, { orderId, input: { kind: 'TEXT', text: 'hi' } }, key);
    expect(integration.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_FOR_API_KEYS' });
    expect(await orderTableCounts(t)).toEqual(before);
  });
});
