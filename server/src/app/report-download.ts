import type { Request, Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { accessRuleOf, assertAllowed } from '../common/auth/access.js';
import type { Ctx } from '../common/context.js';
import { ErrorCode, invalidInput } from '../common/errors.js';
import type { ReportFilter } from '../modules/report/report-filter.js';
import { toCsv, toXlsx } from '../modules/report/report-files.js';
import { reportSpan } from '../modules/report/report-span.js';
import { localDateTime, type ReportLanguage, type ReportTable } from '../modules/report/report-table.js';
import {
  accountOrdersTables,
  branchTables,
  contractorPayoutTables,
  invoiceTables,
  slaTables,
} from '../modules/report/report-tables.js';
import { SlaReportGroupBy } from '../modules/report/sla-report.types.js';
import type { Services } from './services.js';

type Params = Record<string, string | undefined>;

/**
 * The downloadable reports: each names the GraphQL query whose access rule it shares and builds its tables
 * from that query's own service call, so a file holds exactly the rows the query returns for the filter.
 */
const REPORTS: Record<
  string,
  {
    query: string;
    tables(s: Services, ctx: Ctx, filter: ReportFilter, q: Params, lang: ReportLanguage): Promise<ReportTable[]>;
  }
> = {
  'account-orders': {
    query: 'accountOrdersReport',
    tables: async (s, ctx, f, _q, lang) => accountOrdersTables(await s.reports.accountOrders(ctx, f), lang),
  },
  'contractor-payouts': {
    query: 'contractorPayoutReport',
    tables: async (s, ctx, f, _q, lang) => contractorPayoutTables(await s.reports.contractorPayouts(ctx, f), lang),
  },
  sla: {
    query: 'slaReport',
    tables: async (s, ctx, f, q, lang) => slaTables(await s.slaReports.sla(ctx, f, groupByParam(q.groupBy)), lang),
  },
  branches: {
    query: 'branchReport',
    tables: async (s, ctx, f, _q, lang) => branchTables(await s.slaReports.branches(ctx, f), lang),
  },
  invoices: {
    query: 'invoiceReport',
    tables: async (s, ctx, f, _q, lang) => invoiceTables(await s.reports.invoices(ctx, f), lang),
  },
};

export const REPORT_NAMES = Object.keys(REPORTS);

function groupByParam(value: string | undefined): SlaReportGroupBy {
  if (value === undefined) return SlaReportGroupBy.ACCOUNT;
  const upper = value.toUpperCase();
  if (!Object.values(SlaReportGroupBy).includes(upper as SlaReportGroupBy)) {
    throw invalidInput('groupBy', `must be one of ${Object.values(SlaReportGroupBy).join(', ')}`);
  }
  return upper as SlaReportGroupBy;
}

function dateParam(q: Params, name: keyof ReportFilter): Date | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalidInput(`filter.${name}`, 'must be a date and time (ISO 8601)');
  return d;
}

/** The query string as a report filter: the same fields as ReportFilterInput. */
function filterOf(q: Params): ReportFilter {
  return {
    periodStart: dateParam(q, 'periodStart'),
    from: dateParam(q, 'from'),
    to: dateParam(q, 'to'),
    accountId: q.accountId,
    branchId: q.branchId,
    categoryId: q.categoryId,
    contractorId: q.contractorId,
  };
}

function languageOf(ctx: Ctx, value: string | undefined): ReportLanguage {
  if (value === 'ru' || value === 'en') return value;
  if (value !== undefined) throw invalidInput('language', 'must be ru or en');
  return ctx.principal.kind === 'user' && ctx.principal.user.language === 'en' ? 'en' : 'ru';
}

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.UNKNOWN_TELEGRAM_USER]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

/**
 * `GET /reports/<report>.xlsx|csv?<filter>`: a report as a file. Authenticated like /graphql (session cookie or
 * bearer, the bot's service token with X-Telegram-User, an API key) and authorised by the access rule of the
 * report's GraphQL query. Errors answer JSON `{ errors: [{ message, extensions: { code } }] }`.
 */
export function reportDownload(deps: {
  schema: GraphQLSchema;
  services: Services;
  contextOf(req: Request, res: Response): Promise<Ctx>;
}) {
  return async (req: Request, res: Response): Promise<void> => {
    let ctx: Ctx | undefined;
    try {
      const m = /^([a-z-]+)\.(xlsx|csv)$/.exec(String(req.params.file ?? ''));
      const report = m ? REPORTS[m[1]!] : undefined;
      if (!m || !report) {
        res.status(404).json({
          errors: [
            {
              message: `No such report; try ${REPORT_NAMES.join(', ')} as .xlsx or .csv`,
              extensions: { code: ErrorCode.NOT_FOUND },
            },
          ],
        });
        return;
      }
      ctx = await deps.contextOf(req, res);
      const queryType = deps.schema.getQueryType()!;
      assertAllowed(accessRuleOf(queryType, queryType.getFields()[report.query]!), ctx);
      const q: Params = {};
      for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') q[k] = v;
      const lang = languageOf(ctx, q.language);
      const filter = filterOf(q);
      const span = await reportSpan(ctx, deps.services.settings, filter);
      const tables = await report.tables(deps.services, ctx, filter, q, lang);
      // The span's days in its own zone, as the query's `timeZone` (R-BIL-1): a closed period's, else TIMEZONE now.
      const day = (d: Date) => localDateTime(d, span.timeZone).slice(0, 10);
      const name = `${m[1]}-${day(span.from)}_${day(span.to)}`;
      if (m[2] === 'xlsx') {
        send(
          res,
          await toXlsx(tables),
          `${name}.xlsx`,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
      } else {
        const table = q.table === undefined ? tables[0] : tables.find((t) => t.name === q.table);
        if (!table) throw invalidInput('table', `must be one of ${tables.map((t) => t.name).join(', ')}`);
        const suffix = tables.length > 1 ? `-${table.name}` : '';
        send(res, toCsv(table), `${name}${suffix}.csv`, 'text/csv; charset=utf-8');
      }
    } catch (error) {
      const code = error instanceof GraphQLError ? (error.extensions.code as string | undefined) : undefined;
      const status = (code ? STATUS[code] : undefined) ?? 500;
      if (status === 500) (ctx?.log ?? console).error({ err: error }, 'report download failed');
      const message = status === 500 ? 'Internal server error' : (error as Error).message;
      const extensions =
        status === 500 ? { code: ErrorCode.INTERNAL_SERVER_ERROR } : (error as GraphQLError).extensions;
      res.status(status).json({ errors: [{ message, extensions }] });
    }
  };
}

function send(res: Response, body: Buffer, filename: string, contentType: string): void {
  res.setHeader('content-type', contentType);
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  res.send(body);
}
