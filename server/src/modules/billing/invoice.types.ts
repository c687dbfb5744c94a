import { Field, ID, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { VisibleWithParent } from '../../common/auth/access.js';
import { Connection } from '../../common/graphql/connection.js';
import { DateTimeISO } from '../../common/graphql/scalars.js';
import { InvoiceStatus } from './invoice.entity.js';

registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Whether an invoice has been paid (payment happens outside the system, R-BIL-3).',
  valuesConfig: {
    UNPAID: { description: 'Issued and not yet marked paid.' },
    PAID: { description: 'Marked paid by an owner.' },
  },
});

@ObjectType({ description: 'An invoice for one client account and billing period (R-BIL-2).' })
@VisibleWithParent()
export class Invoice {
  @Field(() => ID, { description: 'Invoice id.' })
  id: string;

  @Field(() => DateTimeISO, { description: 'Start of the billed period (inclusive).' })
  periodStart: Date;

  @Field(() => DateTimeISO, { description: 'End of the billed period (exclusive).' })
  periodEnd: Date;

  @Field({ description: 'Amount in RUB: the tariff price in force at the period start.' })
  amount: string;

  @Field(() => InvoiceStatus, { description: 'Paid or not.' })
  status: InvoiceStatus;

  @Field(() => DateTimeISO, { description: 'When the invoice was issued.' })
  issuedAt: Date;

  @Field(() => DateTimeISO, {
    description: 'When an unpaid invoice starts blocking new orders: issued + PAYMENT_GRACE_DAYS (R-ACC-3).',
  })
  dueAt: Date;

  @Field({ description: 'True when unpaid past the grace period: the account may not create orders.' })
  overdue: boolean;

  @Field(() => String, { nullable: true, description: 'The date the payment was made (YYYY-MM-DD), as entered.' })
  paidOn: string | null;

  @Field(() => String, { nullable: true, description: 'Note entered when marking paid (e.g. payment reference).' })
  paymentNote: string | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'When it was marked paid.' })
  markedPaidAt: Date | null;

  accountId: string;
  tariffId: string;
  markedPaidById: string | null;
}

@ObjectType({ description: 'A page of invoices.' })
export class InvoiceConnection extends Connection(Invoice, 'InvoicePage', 'invoices') {}

@ObjectType({ description: 'The invoice was already marked paid; nothing was changed.' })
@VisibleWithParent()
export class InvoiceAlreadyPaid {
  @Field(() => Invoice, { description: 'The invoice as it is.' })
  invoice: Invoice;
}

export const MarkInvoicePaidResult = createUnionType({
  name: 'MarkInvoicePaidResult',
  description: 'The paid invoice, or why nothing changed.',
  types: () => [Invoice, InvoiceAlreadyPaid] as const,
});
