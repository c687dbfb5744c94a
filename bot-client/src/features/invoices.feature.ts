import { Composer } from 'grammy';
import { fetchBillingTimeZone } from '../bot/billing-time-zone.js';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { isCommand, onButton, type SignedInContext } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { PAGE_SIZE, definePagedList, pageRange, pageShown } from '../bot/pager.js';
import { defineScreen } from '../bot/screens.js';
import { MarkInvoicePaidDocument, UnpaidInvoicesDocument } from '../generated/graphql.js';
import { escapeHtml } from '../i18n/i18n.js';
import { backKeyboard } from '../keyboards/menu.keyboards.js';
import { invoiceNoteKeyboard, invoicePaidOnKeyboard, invoicesKeyboard } from '../keyboards/owner.keyboards.js';
import { parsePastDate, toDayMonthYear, todayIn } from '../render/calendar-date.js';
import { periodDaysOf } from '../render/format.js';

const OWNER = ['OWNER'] as const;
/** The server keeps at most this much of a payment note. */
const NOTE_MAX = 500;

/** OWNER: unpaid invoices, marked paid with the payment date and an optional note (R-BIL-3). */
export const invoicesFeature = new Composer<BotContext>();

const unpaidInvoices = definePagedList('invoices', OWNER, async (ctx, page, after) => {
  const { invoices } = await ctx.gql.request(UnpaidInvoicesDocument, {
    first: PAGE_SIZE,
    ...(after ? { after } : {}),
  });
  const list = invoices.nodes.map((i) => {
    // R-BIL-1: the billed period's days are days in the TIMEZONE it was closed under, not in the account's display
    // zone, nor in TIMEZONE as it is now.
    const { from, to } = periodDaysOf(i.periodStart, i.periodEnd, ctx.locale, i.periodTimeZone);
    return { id: i.id, label: `${i.account.name} · ${from} – ${to} · ${i.amount}${i.overdue ? ' ⚠' : ''}` };
  });
  const paging = pageShown(ctx, 'invoices', page, invoices.pageInfo);
  const range = pageRange(ctx, page, list.length, invoices.totalCount);
  const title = ctx.t(list.length ? 'invoices-unpaid' : 'invoices-none');
  await showMenu(ctx, range ? `${title} · ${range}` : title, invoicesKeyboard(ctx.t, list, paging));
});
defineScreen('invoices', (ctx) => unpaidInvoices(ctx, 0, undefined));

// Paid: first the date (today offered, or typed), then an optional note, then the invoice is marked.
onButton(invoicesFeature, callbacks.invoicePaid, { menu: true, roles: OWNER }, async (ctx, { invoiceId }) => {
  // R-BIL-3: the payment date the owner marks is a day in TIMEZONE, as the server judges it.
  const timeZone = await fetchBillingTimeZone(ctx);
  ctx.session.flow = { kind: 'invoicePaid', invoiceId, timeZone, step: 'date' };
  const today = toDayMonthYear(todayIn(timeZone));
  await showMenu(ctx, ctx.t('invoice-paid-on', { today }), invoicePaidOnKeyboard(ctx.t, today));
});

onButton(invoicesFeature, callbacks.invoicePaidToday, { menu: true, roles: OWNER }, async (ctx) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'invoicePaid' || flow.step !== 'date') return answerStale(ctx);
  await askNote(ctx, todayIn(flow.timeZone));
});

onButton(invoicesFeature, callbacks.invoiceNoNote, { menu: true, roles: OWNER }, async (ctx) => {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'invoicePaid' || flow.step !== 'note') return answerStale(ctx);
  await markPaid(ctx);
});

invoicesFeature.on('message:text', async (ctx, next) => {
  const flow = ctx.session.flow;
  if (isCommand(ctx) || flow?.kind !== 'invoicePaid' || ctx.viewer?.role !== 'OWNER') return next();
  const text = ctx.message.text;
  if (flow.step === 'date') {
    const parsed = parsePastDate(text, todayIn(flow.timeZone));
    if ('refused' in parsed) return void (await ctx.reply(ctx.t(`invoice-paid-on-${parsed.refused}`)));
    return askNote(ctx as SignedInContext, parsed.date);
  }
  const note = text.trim();
  if (note.length > NOTE_MAX) return void (await ctx.reply(ctx.t('invoice-note-too-long', { max: NOTE_MAX })));
  await markPaid(ctx as SignedInContext, note || undefined);
});

async function askNote(ctx: SignedInContext, paidOn: string): Promise<void> {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'invoicePaid') return;
  ctx.session.flow = { ...flow, step: 'note', paidOn };
  await showMenu(ctx, ctx.t('invoice-note', { date: toDayMonthYear(paidOn) }), invoiceNoteKeyboard(ctx.t));
}

async function markPaid(ctx: SignedInContext, note?: string): Promise<void> {
  const flow = ctx.session.flow;
  if (flow?.kind !== 'invoicePaid' || !flow.paidOn) return;
  delete ctx.session.flow;
  const { markInvoicePaid: result } = await ctx.gql.request(MarkInvoicePaidDocument, {
    id: flow.invoiceId,
    paidOn: flow.paidOn,
    ...(note ? { note } : {}),
  });
  switch (result.__typename) {
    case 'Invoice':
      return showMenu(
        ctx,
        ctx.t('invoice-paid', {
          account: escapeHtml(result.account.name),
          amount: result.amount,
          date: toDayMonthYear(result.paidOn ?? flow.paidOn),
          note: result.paymentNote ? escapeHtml(result.paymentNote) : '—',
        }),
        backKeyboard(ctx.t),
      );
    case 'InvoiceAlreadyPaid':
      return showMenu(ctx, ctx.t('invoice-already-paid'), backKeyboard(ctx.t));
    default: {
      const unhandled: never = result;
      throw new Error(`unhandled markInvoicePaid result ${JSON.stringify(unhandled)}`);
    }
  }
}
