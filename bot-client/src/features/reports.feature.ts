import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { onButton } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import { ReportPeriodDocument } from '../generated/graphql.js';
import type { Locale, Translate } from '../i18n/i18n.js';
import { calendarDate } from '../render/calendar-date.js';
import { periodDaysOf } from '../render/format.js';

/** The server's downloadable reports (README "Reports"), by the word used in callback data. */
export const REPORTS = {
  accountOrders: 'account-orders',
  contractorPayouts: 'contractor-payouts',
  sla: 'sla',
  branches: 'branches',
  invoices: 'invoices',
} as const;
type Report = keyof typeof REPORTS;

/** A billing period (R-BIL-1) as the report buttons carry it: its bounds `[from, to)` and the zone its days are in. */
export interface ReportPeriod {
  from: string;
  to: string;
  /** The zone in which the period's days begin at 00:00: TIMEZONE, as it was when a closed period was closed. */
  timeZone: string;
}

/** OWNER: reports as XLSX files (PRODUCT.md §7) of the current or the previous billing period. */
export const reportsFeature = new Composer<BotContext>();

export function reportsKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const report of Object.keys(REPORTS))
    keyboard.text(t(`report-${report}`), callbacks.report.encode({ report })).row();
  return keyboard.text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

/** Which billing period a report covers: this one or the previous one (each button carries its start). */
export function reportPeriodKeyboard(
  t: Translate,
  locale: Locale,
  report: string,
  periods: { current: ReportPeriod; previous: ReportPeriod },
): InlineKeyboard {
  const button = (id: string, p: ReportPeriod) =>
    [
      t(id, { span: span(p, locale) }),
      callbacks.reportPeriod.encode({ report, periodStart: secondsOf(p.from) }),
    ] as const;
  return new InlineKeyboard()
    .text(...button('report-period-current', periods.current))
    .row()
    .text(...button('report-period-previous', periods.previous))
    .row()
    .text(t('menu-back'), callbacks.menu.encode({ screen: 'reports' }));
}

const secondsOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);
/** The period's first and last day ("01.02.2031 – 28.02.2031" for [1 Feb, 1 Mar)). */
const span = (p: ReportPeriod, locale: Locale) => {
  const { from, to } = periodDaysOf(p.from, p.to, locale, p.timeZone);
  return `${from} – ${to}`;
};

defineScreen('reports', (ctx) => showMenu(ctx, ctx.t('reports-title'), reportsKeyboard(ctx.t)));

/** The billing period holding a moment (the current one without it), as the server counts periods. */
async function periodAt(ctx: BotContext, at?: string): Promise<ReportPeriod> {
  return (await ctx.gql.request(ReportPeriodDocument, at ? { at } : {})).invoiceReport;
}

onButton(reportsFeature, callbacks.report, { menu: true, roles: ['OWNER'] }, async (ctx, { report }) => {
  if (!(report in REPORTS)) return answerStale(ctx);
  const current = await periodAt(ctx);
  // Any moment inside a period names it: the last second before this period's start is the previous one.
  const previous = await periodAt(ctx, new Date(Date.parse(current.from) - 1000).toISOString());
  await showMenu(
    ctx,
    ctx.t('report-period-choose', { report: ctx.t(`report-${report}`) }),
    reportPeriodKeyboard(ctx.t, ctx.locale, report, { current, previous }),
  );
});

onButton(
  reportsFeature,
  callbacks.reportPeriod,
  { menu: true, roles: ['OWNER'] },
  async (ctx, { report, periodStart }) => {
    if (!(report in REPORTS)) return answerStale(ctx);
    const file = REPORTS[report as Report];
    await ctx.answerCallbackQuery({ text: ctx.t('report-preparing') });
    await ctx.replyWithChatAction('upload_document');
    const period = await periodAt(ctx, new Date(periodStart * 1000).toISOString());
    const query = new URLSearchParams({ periodStart: period.from, language: ctx.locale });
    const xlsx = await ctx.gql.download(`/reports/${file}.xlsx?${query}`);
    // Named by the period's first day in TIMEZONE, like its caption.
    const name = `${file}-${calendarDate(new Date(period.from), period.timeZone)}.xlsx`;
    await ctx.replyWithDocument(new InputFile(xlsx, name), {
      caption: `${ctx.t(`report-${report}`)} · ${span(period, ctx.locale)}`,
    });
  },
);
