import { fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CannedApi, type CannedRequest } from '../../../test/support/canned-client';
import BillingPage from './billing.page';
import { signedInAs, signedOut } from '../../../test/support/signed-in';

const invoice = {
  __typename: 'Invoice',
  id: 'inv-1',
  amount: '1000.00',
  status: 'UNPAID',
  overdue: false,
  issuedAt: '2026-03-01T00:00:05.000Z',
  dueAt: '2026-03-11T00:00:05.000Z',
  paidOn: null,
  paymentNote: null,
  periodStart: '2026-01-31T21:00:00.000Z',
  periodEnd: '2026-02-28T21:00:00.000Z',
  periodTimeZone: 'Europe/Moscow',
  account: { __typename: 'ClientAccount', id: 'acc-1', name: 'Romashka LLC' },
};

beforeEach(() => signedInAs('OWNER'));
afterEach(() => {
  signedOut();
  vi.useRealTimers();
});

describe('billing page', () => {
  it('R-BIL-3 an invoice is marked paid today in TIMEZONE by default: 01:30 in Moscow is 2 March, though UTC says 1 March', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T22:30:00Z'));
    const requests: CannedRequest[] = [];
    render(() => (
      <CannedApi
        requests={requests}
        answers={{
          Invoices: {
            billingTimeZone: 'Europe/Moscow',
            invoices: { __typename: 'InvoiceConnection', totalCount: 1, nodes: [invoice] },
          },
          Payouts: { payouts: { __typename: 'PayoutConnection', totalCount: 0, nodes: [] } },
          MarkInvoicePaid: {
            markInvoicePaid: {
              __typename: 'Invoice',
              id: 'inv-1',
              status: 'PAID',
              paidOn: '2026-03-02',
              paymentNote: null,
            },
          },
        }}
      >
        <BillingPage />
      </CannedApi>
    ));
    const paidOn = (await screen.findByLabelText('Дата оплаты')) as HTMLInputElement;
    expect(paidOn.value).toBe('2026-03-02');
    fireEvent.submit(paidOn.form!);
    await screen.findByText('Сохранено.');
    expect(requests.find((r) => r.operationName === 'MarkInvoicePaid')?.variables).toEqual({
      id: 'inv-1',
      paidOn: '2026-03-02',
      note: null,
    });
  });

  it('R-BIL-3 R-USR-2 a manager sees the invoices but is not offered to mark one paid (only owners may)', async () => {
    await signedInAs('MANAGER');
    render(() => (
      <CannedApi
        answers={{
          Invoices: {
            billingTimeZone: 'Europe/Moscow',
            invoices: { __typename: 'InvoiceConnection', totalCount: 1, nodes: [invoice] },
          },
          Payouts: { payouts: { __typename: 'PayoutConnection', totalCount: 0, nodes: [] } },
        }}
      >
        <BillingPage />
      </CannedApi>
    ));
    await screen.findByText('Romashka LLC');
    expect(screen.getByText('01.02.2026 – 28.02.2026')).toBeTruthy();
    expect(screen.queryByLabelText('Дата оплаты')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Отметить оплату' })).toBeNull();
    // The last column holds the payment note for a manager, and is named so.
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Комментарий');
    expect(screen.queryByRole('columnheader', { name: 'Отметить оплату' })).toBeNull();
  });

  it('R-BIL-3 a paid invoice shows the day it was paid as the panel’s language writes dates', async () => {
    render(() => (
      <CannedApi
        answers={{
          Invoices: {
            billingTimeZone: 'Europe/Moscow',
            invoices: {
              __typename: 'InvoiceConnection',
              totalCount: 1,
              nodes: [{ ...invoice, status: 'PAID', paidOn: '2026-03-02', paymentNote: 'Bank transfer 118' }],
            },
          },
          Payouts: { payouts: { __typename: 'PayoutConnection', totalCount: 0, nodes: [] } },
        }}
      >
        <BillingPage />
      </CannedApi>
    ));
    const row = (await screen.findByText('Romashka LLC')).closest('tr')!;
    expect(row.textContent).toContain('Оплачен · 02.03.2026');
    expect(row.textContent).not.toContain('2026-03-02');
  });
});
