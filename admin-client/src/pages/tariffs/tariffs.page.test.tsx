import { fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CannedApi, type CannedRequest } from '../../../test/support/canned-client';
import { setLang, setTimeZone } from '../../i18n/i18n';
import TariffsPage from './tariffs.page';
import { signedInAs, signedOut } from '../../../test/support/signed-in';

const tariff = {
  __typename: 'Tariff',
  id: 'tar-1',
  name: 'Basic',
  active: true,
  ordersPerPeriod: 10,
  reactionTimeMinutes: 120,
  canPinContractors: false,
  canSeeContractorContacts: false,
  currentPrice: '5000.00',
  priceHistory: [
    {
      __typename: 'TariffPrice',
      // 1 November 00:00 in Moscow: the first day of November's period there (R-BIL-1).
      effectiveFrom: '2026-10-31T21:00:00.000Z',
      price: '5000.00',
      createdAt: '2026-10-20T10:00:00.000Z',
      createdBy: null,
    },
  ],
};

beforeEach(() => signedInAs('OWNER'));
afterEach(() => {
  signedOut();
  vi.useRealTimers();
  setTimeZone(undefined);
});

function renderPage(
  requests: CannedRequest[],
  setTariffPrice: unknown = { __typename: 'Tariff', id: 'tar-1', currentPrice: '5000.00' },
) {
  render(() => (
    <CannedApi requests={requests} answers={{ Tariffs: { tariffs: [tariff] }, SetTariffPrice: { setTariffPrice } }}>
      <TariffsPage />
    </CannedApi>
  ));
}

describe('tariffs page', () => {
  it('R-TAR-1 R-BIL-1 a new price takes effect at 00:00 of the chosen day in TIMEZONE — a period start — whatever the browser’s zone', async () => {
    // 01:30 on 2 March in Moscow is still 1 March in UTC (and in this test's own zone, whatever it is).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T22:30:00Z'));
    setTimeZone('Europe/Moscow');
    const requests: CannedRequest[] = [];
    renderPage(requests);
    const card = (await screen.findByText('Basic')).closest('details')!;
    // The history reads the day in Moscow.
    expect(within(card).getByRole('table').textContent).toContain('01.11.2026');
    const from = within(card).getByLabelText('Действует с') as HTMLInputElement;
    expect(from.value).toBe('2026-03-02');
    fireEvent.input(within(card).getByLabelText('Новая цена'), { target: { value: '6000' } });
    fireEvent.input(from, { target: { value: '2026-04-01' } });
    fireEvent.submit(from.form!);
    await vi.waitFor(() => expect(requests.some((r) => r.operationName === 'SetTariffPrice')).toBe(true));
    expect(requests.find((r) => r.operationName === 'SetTariffPrice')?.variables).toEqual({
      tariffId: 'tar-1',
      price: '6000',
      // 1 April 00:00 in Moscow (UTC+3): the April period's start, so April's invoice uses the new price.
      effectiveFrom: '2026-03-31T21:00:00.000Z',
    });
  });

  it('names the reaction time’s unit in the panel’s language', async () => {
    setTimeZone('Europe/Moscow');
    renderPage([]);
    const summary = (await screen.findByText('Basic')).closest('summary')!;
    expect(summary.textContent).toContain('120 мин');
    expect(summary.textContent).not.toMatch(/\bmin\b/);
  });

  it('R-TAR-1 writes the current price as an amount in RUB in the panel’s language', async () => {
    setTimeZone('Europe/Moscow');
    setLang('en');
    try {
      renderPage([]);
      const summary = (await screen.findByText('Basic')).closest('summary')!;
      expect(summary.textContent?.replace(/\s/g, ' ')).toContain('RUB 5,000.00');
      expect(summary.textContent).not.toContain('₽');
    } finally {
      setLang('ru');
    }
  });

  it('R-BIL-2 a price moment inside an invoiced period is refused with that period’s first day, in the panel’s language', async () => {
    setTimeZone('Asia/Vladivostok');
    renderPage([], {
      __typename: 'PriceMomentInvoiced',
      // The November period closed in Moscow starts on 1 November there, whatever TIMEZONE is now.
      invoicedPeriodStart: '2026-10-31T21:00:00.000Z',
      invoicedPeriodTimeZone: 'Europe/Moscow',
    });
    const card = (await screen.findByText('Basic')).closest('details')!;
    fireEvent.input(within(card).getByLabelText('Новая цена'), { target: { value: '6000' } });
    fireEvent.submit(within(card).getByLabelText('Новая цена').closest('form')!);
    await within(card).findByText(
      'Период с 01.11.2026 уже выставлен в счёт по этому тарифу: выберите день после его начала.',
    );
  });
});
