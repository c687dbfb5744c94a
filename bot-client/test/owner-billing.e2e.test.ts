import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newTelegramId, seedAccount, seedCaller, seedInvoice, seedSetting } from './support/server.js';
import { startBotTestEnv, type BotTestEnv } from './support/bot-test-env.js';
import { waitFor, type TestUser } from './support/test-user.js';
import { xlsxText } from './support/xlsx.js';

const PERIOD = `{ invoiceReport { from to } }`;

describe('OWNER billing in the bot: invoices paid with a date and a note, reports of a chosen billing period', () => {
  const ownerTelegramId = newTelegramId();
  let env: BotTestEnv;
  let olga: TestUser;

  beforeAll(async () => {
    env = await startBotTestEnv({ serverEnv: { BOOTSTRAP_OWNER_TELEGRAM_ID: ownerTelegramId } });
    olga = env.user({ telegramId: ownerTelegramId, firstName: 'Olga' });
    await olga.send('/start');
    await olga.waitForMessage(/владелец/);
  });
  afterAll(() => env?.stop());

  const openMenu = async (label: string, title: RegExp) => {
    // The menu this /start sends (an older one may still be on screen for a moment).
    const sent = await olga.send('/start');
    const menu = await olga.waitForMessage((m) => m.messageId > sent && m.text.includes('Olga'));
    await olga.press(menu, label);
    return olga.waitForMessage(title);
  };

  it('R-BIL-3 marks an invoice paid on a typed date with a note; a bad date is explained, not taken', async () => {
    const accountId = await seedAccount(env.t, { name: 'ООО Вектор' });
    const invoiceId = await seedInvoice(env.t, { accountId, issuedAt: new Date(Date.now() - 20 * 86_400_000) });
    const invoices = await openMenu('🧾 Неоплаченные счета', /Неоплаченные счета/);
    await olga.press(invoices, /^💳 ООО Вектор/);
    const prompt = await olga.waitForMessage(/Когда счёт оплачен/);
    // Today is offered as a button, with the date on it.
    expect(prompt.buttons.flat().some((b) => /^📅 Сегодня, \d\d\.\d\d\.\d{4}$/.test(b.text))).toBe(true);

    await olga.send('вчера');
    await olga.waitForMessage(/Не похоже на дату/);
    await olga.send('31.02.2026');
    await olga.waitForMessage(/Такого дня нет в календаре/);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const typed = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
    await olga.send(typed(tomorrow));
    await olga.waitForMessage(/ещё не наступила/);
    const [unpaid] = await env.t.sql<{ status: string }>('SELECT status FROM invoice WHERE id = $1', [invoiceId]);
    expect(unpaid!.status).toBe('UNPAID');

    const paidDay = new Date(Date.now() - 3 * 86_400_000);
    await olga.send(typed(paidDay));
    await olga.waitForMessage(new RegExp(`Оплата ${typed(paidDay).replace(/\./g, '\\.')}. Добавьте примечание`));
    await olga.send('п/п № 42 <от банка>');
    const done = await olga.waitForMessage(/отмечен оплаченным/);
    expect(done.text).toContain(`оплата ${typed(paidDay)}, примечание: п/п № 42 &lt;от банка&gt;`);
    const [paid] = await env.t.sql<{ status: string; paid_on: string; payment_note: string }>(
      `SELECT status, to_char(paid_on, 'DD.MM.YYYY') AS paid_on, payment_note FROM invoice WHERE id = $1`,
      [invoiceId],
    );
    expect(paid).toEqual({ status: 'PAID', paid_on: typed(paidDay), payment_note: 'п/п № 42 <от банка>' });
    // The paid invoice is off the list.
    const again = await openMenu('🧾 Неоплаченные счета', /Неоплаченные счета|Неоплаченных счетов нет/);
    expect(again.buttons.flat().some((b) => b.text.startsWith('💳 ООО Вектор'))).toBe(false);
  });

  it('R-REP-5 / R-BIL-1 reports: the owner picks the previous billing period and gets exactly that period’s file', async () => {
    const owner = await seedCaller(env.t, { role: 'OWNER' });
    const { invoiceReport: current } = await env.t.ok<{ invoiceReport: { from: string; to: string } }>(
      PERIOD,
      {},
      owner.as,
    );
    // One invoice issued in the previous period, one in this one.
    const before = await seedAccount(env.t, { name: 'Прошлый период' });
    const now = await seedAccount(env.t, { name: 'Этот период' });
    await seedInvoice(env.t, { accountId: before, issuedAt: new Date(Date.parse(current.from) - 3 * 86_400_000) });
    await seedInvoice(env.t, { accountId: now, issuedAt: new Date(Date.parse(current.from) + 60_000) });

    const reports = await openMenu('📈 Отчёты (XLSX)', /<b>Отчёты<\/b>/);
    await olga.press(reports, 'Счета');
    const periods = await olga.waitForMessage(/<b>Счета<\/b>: за какой расчётный период/);
    const labels = periods.buttons.flat().map((b) => b.text);
    expect(labels).toEqual([
      expect.stringMatching(/^Текущий: \d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}$/),
      expect.stringMatching(/^Предыдущий: \d\d\.\d\d\.\d{4} – \d\d\.\d\d\.\d{4}$/),
      '⬅️ Назад',
    ]);
    // The previous period's last day is the day before the current one's first (R-BIL-1: `[from, to)`).
    const dayBefore = new Date(Date.parse(current.from) - 1);
    expect(labels[1]!.endsWith(`– ${dayBefore.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' })}`)).toBe(true);

    const documents = () => env.api.callsOf('sendDocument').filter((c) => String(c.chat_id) === ownerTelegramId);
    const sentBefore = documents().length;
    expect(await olga.press(periods, /^Предыдущий: /)).toBe('Готовлю файл…');
    const previous = await waitFor(() => documents()[sentBefore]);
    expect(previous.caption).toBe(`Счета · ${labels[1]!.slice('Предыдущий: '.length)}`);
    const previousText = await xlsxText(previous.document.data);
    expect(previousText).toContain('Прошлый период');
    expect(previousText).not.toContain('Этот период');

    await olga.press(periods, /^Текущий: /);
    const currentFile = await waitFor(() => documents()[sentBefore + 1]);
    const currentText = await xlsxText(currentFile.document.data);
    expect(currentText).toContain('Этот период');
    expect(currentText).not.toContain('Прошлый период');
  });

  it('R-BIL-1 report periods and unpaid invoices show a period’s first and last day in TIMEZONE, not in Moscow or the account’s zone', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'BILLING_DAY', '1');
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    env.t.clock.set(new Date('2031-03-10T00:00:00Z'));
    // Billed [1 Feb 00:00, 1 Mar 00:00) Vladivostok time = [31 Jan 14:00, 28 Feb 14:00) UTC.
    const accountId = await seedAccount(env.t, { name: 'ООО Восток' });
    await env.t.sql(`UPDATE client_account SET time_zone = 'Europe/Moscow' WHERE id = $1`, [accountId]);
    const invoiceId = await seedInvoice(env.t, {
      accountId,
      issuedAt: new Date('2031-02-28T15:00:00Z'),
      periodStart: new Date('2031-01-31T14:00:00Z'),
    });
    await env.t.sql(`UPDATE invoice SET period_end = '2031-02-28T14:00:00Z' WHERE id = $1`, [invoiceId]);

    const invoices = await openMenu('🧾 Неоплаченные счета', /Неоплаченные счета/);
    // The list names the billed period by its days, overdue or not (⚠).
    expect(invoices.buttons.flat().map((b) => b.text)).toContainEqual(
      expect.stringMatching(/^💳 ООО Восток · 01\.02\.2031 – 28\.02\.2031 · 1000\.00( ⚠)?$/),
    );

    const reports = await openMenu('📈 Отчёты (XLSX)', /<b>Отчёты<\/b>/);
    await olga.press(reports, 'Счета');
    const periods = await olga.waitForMessage(
      (m) => m.messageId === reports.messageId && /за какой расчётный период/.test(m.text),
    );
    expect(periods.buttons.flat().map((b) => b.text)).toEqual([
      'Текущий: 01.03.2031 – 31.03.2031',
      'Предыдущий: 01.02.2031 – 28.02.2031',
      '⬅️ Назад',
    ]);
    const documents = () => env.api.callsOf('sendDocument').filter((c) => String(c.chat_id) === ownerTelegramId);
    const sentBefore = documents().length;
    await olga.press(periods, /^Предыдущий: /);
    const file = await waitFor(() => documents()[sentBefore]);
    expect(file.caption).toBe('Счета · 01.02.2031 – 28.02.2031');
    expect(file.document.filename).toBe('invoices-2031-02-01.xlsx');
  });

  it('R-BIL-3 R-BIL-1 "today" offered for the payment date is today in TIMEZONE, not in Moscow', async () => {
    // Last in this file: it moves the server's clock and TIMEZONE.
    await seedSetting(env.t, 'TIMEZONE', 'Asia/Vladivostok');
    // 15:00 UTC: already 11 March in Vladivostok (01:00), still 10 March in Moscow (18:00). The bot reads the
    // wall clock, so only Date is faked (timers stay real).
    const now = new Date('2031-03-10T15:00:00Z');
    env.t.clock.set(now);
    vi.useFakeTimers({ toFake: ['Date'], now, shouldAdvanceTime: true });
    try {
      const accountId = await seedAccount(env.t, { name: 'ООО Находка' });
      const invoiceId = await seedInvoice(env.t, { accountId, issuedAt: new Date('2031-02-28T15:00:00Z') });
      const invoices = await openMenu('🧾 Неоплаченные счета', /Неоплаченные счета/);
      await olga.press(invoices, /^💳 ООО Находка/);
      const prompt = await olga.waitForMessage(/Когда счёт оплачен/);
      expect(prompt.text).toContain('например <code>11.03.2031</code>');
      expect(prompt.buttons.flat().map((b) => b.text)).toContain('📅 Сегодня, 11.03.2031');
      // A day typed as "today" there is not refused as a future date.
      await olga.send('11.03.2031');
      const note = await olga.waitForMessage(/Оплата 11\.03\.2031\. Добавьте примечание/);
      await olga.press(note, /Без примечания/);
      await olga.waitForMessage(/отмечен оплаченным/);
      const [paid] = await env.t.sql<{ paid_on: string }>(
        `SELECT to_char(paid_on, 'DD.MM.YYYY') AS paid_on FROM invoice WHERE id = $1`,
        [invoiceId],
      );
      expect(paid!.paid_on).toBe('11.03.2031');
    } finally {
      vi.useRealTimers();
    }
  });
});
