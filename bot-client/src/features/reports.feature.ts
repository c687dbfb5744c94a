import { Composer, InlineKeyboard, InputFile } from 'grammy';
import { callbacks } from '../bot/callback-data.js';
import type { BotContext } from '../bot/context.js';
import { onButton } from '../bot/handlers.js';
import { answerStale, showMenu } from '../bot/menu.js';
import { defineScreen } from '../bot/screens.js';
import type { Translate } from '../i18n/i18n.js';

/** The server's downloadable reports (README "Reports"), by the word used in callback data. */
export const REPORTS = {
  accountOrders: 'account-orders',
  contractorPayouts: 'contractor-payouts',
  sla: 'sla',
  branches: 'branches',
  invoices: 'invoices',
} as const;

/** OWNER: reports of the current billing period as XLSX files (PRODUCT.md §7). */
export const reportsFeature = new Composer<BotContext>();

export function reportsKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const report of Object.keys(REPORTS))
    keyboard.text(t(`report-${report}`), callbacks.report.encode({ report })).row();
  return keyboard.text(t('menu-back'), callbacks.menu.encode({ screen: 'main' }));
}

defineScreen('reports', (ctx) => showMenu(ctx, ctx.t('reports-title'), reportsKeyboard(ctx.t)));

onButton(reportsFeature, callbacks.report, { roles: ['OWNER'] }, async (ctx, { report }) => {
  const file = REPORTS[report as keyof typeof REPORTS];
  if (!file) return answerStale(ctx);
  await ctx.answerCallbackQuery({ text: ctx.t('report-preparing') });
  await ctx.replyWithChatAction('upload_document');
  const xlsx = await ctx.gql.download(`/reports/${file}.xlsx?language=${ctx.locale}`);
  await ctx.replyWithDocument(new InputFile(xlsx, `${file}.xlsx`), { caption: ctx.t(`report-${report}`) });
});
