import {
  Arg,
  Args,
  ArgsType,
  Ctx as GqlCtx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { OwnerOnly, Roles } from '../../common/auth/access.js';
import { ApiScope } from '../../common/auth/scopes.js';
import type { Ctx } from '../../common/context.js';
import { PageArgs, pageComplexity } from '../../common/graphql/connection.js';
import { moduleLoader } from '../../common/loaders.js';
import DataLoader from 'dataloader';
import { DateTimeISO as DateTimeISOType } from '../../common/graphql/scalars.js';
import { ClientAccount } from '../account/account.types.js';
import { Role } from '../user/user.entity.js';
import { InvoiceStatus, type InvoiceEntity } from './invoice.entity.js';
import { invoiceDueAt, type BillingService } from './billing.service.js';
import { Invoice, InvoiceAlreadyPaid, InvoiceConnection, MarkInvoicePaidResult } from './invoice.types.js';

@InputType({ description: 'Which invoices to list.' })
class InvoiceFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this client account’s invoices.' })
  accountId?: string;

  @Field(() => InvoiceStatus, { nullable: true, description: 'Only paid or only unpaid invoices.' })
  status?: InvoiceStatus;

  @Field(() => Boolean, { nullable: true, description: 'Only overdue (true) or only not overdue (false) invoices.' })
  overdue?: boolean;
}

@ArgsType()
class InvoicesArgs extends PageArgs {
  @Field(() => InvoiceFilterInput, { nullable: true, description: 'Filter; all visible invoices when absent.' })
  filter?: InvoiceFilterInput;
}

const toInvoice = (e: InvoiceEntity): Invoice => Object.assign(new Invoice(), e);

@Resolver(() => Invoice)
export class BillingResolver {
  constructor(private readonly billing: BillingService) {}

  @Query(() => InvoiceConnection, {
    description: 'Invoices, newest period first. Clients see their own account’s; staff all.',
    complexity: pageComplexity,
  })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.BILLING_READ)
  async invoices(@GqlCtx() ctx: Ctx, @Args() args: InvoicesArgs): Promise<InvoiceConnection> {
    const page = await this.billing.list(ctx, args.filter ?? {}, args.first, args.after);
    return { ...page, nodes: page.nodes.map(toInvoice) };
  }

  @Query(() => Invoice, { description: 'One invoice the caller may read.' })
  @Roles([Role.CLIENT, Role.MANAGER], ApiScope.BILLING_READ)
  async invoice(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The invoice id.' }) id: string,
  ): Promise<Invoice> {
    return toInvoice(await this.billing.get(ctx, id));
  }

  @Mutation(() => MarkInvoicePaidResult, {
    description: 'Records that an invoice was paid, with the payment date and a note (R-BIL-3).',
  })
  @OwnerOnly(ApiScope.BILLING_WRITE)
  async markInvoicePaid(
    @GqlCtx() ctx: Ctx,
    @Arg('id', () => ID, { description: 'The invoice.' }) id: string,
    @Arg('paidOn', { description: 'The date the payment was made, YYYY-MM-DD.' }) paidOn: string,
    @Arg('note', () => String, {
      nullable: true,
      description: 'A note, e.g. the payment reference (≤ 500 characters).',
    })
    note?: string,
  ): Promise<typeof MarkInvoicePaidResult> {
    const r = await this.billing.markPaid(ctx, id, paidOn, note ?? undefined);
    return r.kind === 'paid'
      ? toInvoice(r.invoice)
      : Object.assign(new InvoiceAlreadyPaid(), { invoice: toInvoice(r.invoice) });
  }

  @FieldResolver(() => ClientAccount, { description: 'The billed client account.' })
  async account(@Root() invoice: Invoice, @GqlCtx() ctx: Ctx) {
    return ctx.loaders.account.load(invoice.accountId);
  }

  @FieldResolver(() => String, {
    description:
      'TIMEZONE in force when the period was closed: the zone its first and last day are read in (R-BIL-1); a later TIMEZONE change does not move them.',
  })
  periodTimeZone(@Root() invoice: Invoice, @GqlCtx() ctx: Ctx): Promise<string> {
    return this.billing.periodTimeZone(ctx, invoice.periodStart);
  }

  @FieldResolver(() => DateTimeISOType, { description: 'When an unpaid invoice starts blocking new orders.' })
  async dueAt(@Root() invoice: Invoice, @GqlCtx() ctx: Ctx): Promise<Date> {
    return invoiceDueAt(invoice.issuedAt, await this.grace(ctx));
  }

  @FieldResolver(() => Boolean, { description: 'Unpaid past the grace period.' })
  async overdue(@Root() invoice: Invoice, @GqlCtx() ctx: Ctx): Promise<boolean> {
    return (
      invoice.status === InvoiceStatus.UNPAID &&
      invoiceDueAt(invoice.issuedAt, await this.grace(ctx)) <= ctx.clock.now()
    );
  }

  /** PAYMENT_GRACE_DAYS read once per request, however many invoices are on the page. */
  private grace(ctx: Ctx): Promise<number> {
    return moduleLoader(
      ctx.loaders,
      'billing.graceDays',
      () =>
        new DataLoader<string, number>(async (keys) => {
          const days = await this.billing.graceDays(ctx);
          return keys.map(() => days);
        }),
    ).load('grace') as Promise<number>;
  }
}
