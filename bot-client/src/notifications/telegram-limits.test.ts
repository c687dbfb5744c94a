import { InlineKeyboard } from 'grammy';
import { describe, expect, it } from 'vitest';
import { Translations } from '../i18n/i18n.js';
import { renderNotification } from './notification-render.js';
import { CAPTION_LIMIT, fitMessage, splitHtml, TEXT_LIMIT, visibleLength } from './telegram-limits.js';

const t = new Translations().for('ru');
const keyboard = new InlineKeyboard().text('Reply', 'rp:1');

describe('Telegram’s length limits (§6: a notification over them is refused and would be lost)', () => {
  it('counts what Telegram counts: tags dropped, entities one character, UTF-16 units', () => {
    expect(visibleLength('<b>ab</b> &lt;c&gt; &amp; &quot;')).toBe(10);
    expect(visibleLength('<a href="tg://user?id=1">Anna</a>')).toBe(4);
    expect(visibleLength('💬')).toBe(2);
    expect(visibleLength('&#128172;')).toBe(2);
  });

  it('splits at line breaks, else spaces, else anywhere, never inside a tag or an entity; open tags are closed and reopened', () => {
    expect(splitHtml('aaaa\nbbbb\ncc', 9)).toEqual(['aaaa\nbbbb', 'cc']);
    expect(splitHtml('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    expect(splitHtml('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
    expect(splitHtml('<b>ab&amp;cd</b>', 3)).toEqual(['<b>ab&amp;</b>', '<b>cd</b>']);
    const long = `<i>${'x '.repeat(5000)}</i>`;
    const pieces = splitHtml(long, TEXT_LIMIT);
    expect(pieces.length).toBe(3);
    for (const piece of pieces) {
      expect(visibleLength(piece)).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(piece).toMatch(/^<i>.*<\/i>$/s);
    }
  });

  it('a text that fits is one message; a longer one several, the keyboard on the last, nothing lost', () => {
    expect(fitMessage({ kind: 'text', text: 'short', keyboard })).toEqual([{ kind: 'text', text: 'short', keyboard }]);
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} &amp; ${'y'.repeat(20)}`).join('\n');
    const messages = fitMessage({ kind: 'text', text, keyboard });
    expect(messages.length).toBe(3);
    expect(messages.map((m) => ('keyboard' in m ? m.keyboard : undefined))).toEqual([undefined, undefined, keyboard]);
    for (const m of messages) expect(visibleLength(m.kind === 'text' ? m.text : '')).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(messages.map((m) => (m.kind === 'text' ? m.text : '')).join('\n')).toBe(text);
  });

  it('R-ORD-9 a relayed photo whose caption would pass 1024 characters goes without it, the caption following as text with the keyboard', () => {
    const body = 'Скриншот ошибки: '.padEnd(1010, 'x');
    const delivery = renderNotification(
      'ORDER_MESSAGE',
      {
        orderId: '00000000-0000-4000-8000-000000000001',
        number: '2031-000001',
        message: { kind: 'PHOTO', fileId: 'photo-1', text: body, sender: { firstName: 'Anna' } },
      },
      t,
      'ru',
    );
    expect(delivery.kind).toBe('media');
    if (delivery.kind !== 'media') return;
    expect(visibleLength(delivery.caption)).toBeGreaterThan(CAPTION_LIMIT);
    const messages = fitMessage({ ...delivery });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toEqual({ kind: 'media', media: 'PHOTO', fileId: 'photo-1' });
    expect(messages[1]).toMatchObject({ kind: 'text', text: delivery.caption, keyboard: delivery.keyboard });
    // A caption that fits stays on the photo.
    const short = fitMessage({ kind: 'media', media: 'PHOTO', fileId: 'p', caption: 'ok', keyboard });
    expect(short).toEqual([{ kind: 'media', media: 'PHOTO', fileId: 'p', caption: 'ok', keyboard }]);
  });

  it('R-SLA-1 an offer card with 50 long cartridge lines stays one message: the items that do not fit are "…and N more"', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({
      model:
        `Картридж №${String(i + 1).padStart(2, '0')} HP LaserJet Pro M404dn/M428fdw CF259X (оригинал, 10000 стр.)`.padEnd(
          100,
          '.',
        ),
      quantity: 1,
    }));
    const delivery = renderNotification(
      'ORDER_OFFERED',
      {
        orderId: '00000000-0000-4000-8000-000000000001',
        number: '2031-000002',
        category: { nameRu: 'Картриджи', nameEn: 'Cartridges' },
        account: { name: 'Romashka' },
        items,
        description: 'toner',
      },
      t,
      'ru',
    );
    if (delivery.kind !== 'text') throw new Error('an offer card is a text');
    expect(visibleLength(delivery.text)).toBeLessThanOrEqual(TEXT_LIMIT);
    const shown = delivery.text.split('\n').filter((l) => l.startsWith('• Картридж №')).length;
    expect(shown).toBeGreaterThan(20);
    expect(shown).toBeLessThan(50);
    expect(delivery.text).toContain(`• …и ещё ${50 - shown}`);
    expect(delivery.text).toContain('Описание: toner');
    expect(fitMessage({ kind: 'text', text: delivery.text })).toHaveLength(1);
  });
});

describe('R-BIL-1 billing periods in notifications', () => {
  it('shows the first and the last day in the billing time zone, not the account’s display zone', () => {
    const bounds = { periodStart: '2031-01-31T14:00:00.000Z', periodEnd: '2031-02-28T14:00:00.000Z' };
    const invoice = renderNotification(
      'INVOICE_ISSUED',
      {
        ...bounds,
        account: { name: 'Moscow office' },
        amount: '1000.00',
        timeZone: 'Europe/Moscow',
        billingTimeZone: 'Asia/Vladivostok',
      },
      t,
      'ru',
    );
    expect(invoice.kind === 'text' && invoice.text).toContain('за 01.02.2031 – 28.02.2031');
    const closed = renderNotification(
      'BILLING_PERIOD_CLOSED',
      { ...bounds, invoices: 1, payouts: 0, billingTimeZone: 'Asia/Vladivostok' },
      t,
      'ru',
    );
    expect(closed.kind === 'text' && closed.text).toContain('Расчётный период 01.02.2031 – 28.02.2031');
  });

  it('R-SLA-6 a payload that names no zone (written before payloads did) is shown in TIMEZONE as the server says now', () => {
    const closed = renderNotification(
      'BILLING_PERIOD_CLOSED',
      { periodStart: '2031-01-31T14:00:00.000Z', periodEnd: '2031-02-28T14:00:00.000Z', invoices: 1, payouts: 0 },
      t,
      'ru',
      'Asia/Vladivostok',
    );
    // In Moscow, [1 Feb, 1 Mar) Vladivostok time reads 31.01 – 28.02.
    expect(closed.kind === 'text' && closed.text).toContain('Расчётный период 01.02.2031 – 28.02.2031');
    const created = renderNotification(
      'ORDER_CREATED',
      { orderId: 'o1', number: '2031-000001', reactionDueAt: '2031-02-10T10:00:00.000Z' },
      t,
      'ru',
      'Asia/Vladivostok',
    );
    // 10:00 UTC: 20:00 in Vladivostok, 13:00 in Moscow.
    expect(created.kind === 'text' && created.text).toContain('не позднее 10.02.2031, 20:00');
  });
});
