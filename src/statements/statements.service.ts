import { Injectable } from '@nestjs/common';
import { type CurrencyStyle, formatMinor, todayIn } from '@app/common';
import { CustomerAccess } from '../access/customer-access.service';
import { CreditLedger } from '../credit-notes/credit-ledger.service';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerTransactions, type CustomerAccount } from '../customer-transactions/customer-transactions.service';
import { type DocumentPdf, DocumentPdfs } from '../documents/document-pdfs.service';
import { dayTooEarly } from '../documents/documents.errors';
import { InvoiceLedger } from '../invoices/invoice-ledger.service';
import type { StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import type { StatementDto, StatementRangeDto } from './dto/statement.dto';
import { type StatementFigures, drawStatement } from './statement';
import { statementLayout } from './statement-pdf';

/** A statement drawn up: the account, the currency's style and the figures in minor units. */
export interface Statement {
  account: CustomerAccount;
  currency: CurrencyStyle;
  figures: StatementFigures;
}

/**
 * Customers' statements of account. The figures come from the modules that own them: the
 * invoices module (`InvoiceLedger`: invoices and payments) and the credit-notes module
 * (`CreditLedger`: notes and applied credit), each summing and listing its own tables in
 * SQL; this module only puts them in order and adds them up. Staff read a customer's
 * statement as they read its invoices; a contact's (the portal) is drawn up by customer id.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly access: CustomerAccess,
    private readonly customers: CustomerTransactions,
    private readonly invoices: InvoiceLedger,
    private readonly credit: CreditLedger,
    private readonly currencies: CurrenciesService,
    private readonly settings: SettingsService,
    private readonly pdfs: DocumentPdfs,
  ) {}

  /** The statement of a customer whose invoices the actor may read (`invoices.view`/`view_own`, the customer scope); 404 otherwise. */
  async forStaff(actor: StaffActor, customerId: string, range: StatementRangeDto): Promise<Statement> {
    await this.access.assertDocumentsVisible(actor, customerId, 'invoices');
    return this.ofCustomer(customerId, range);
  }

  /** The statement of a customer, for a caller that has decided it may see it (a contact of the customer). */
  async ofCustomer(customerId: string, range: StatementRangeDto): Promise<Statement> {
    const { from, to } = await this.range(range);
    const account = await this.customers.accountOf(customerId);
    const currency = await this.currencies.get(account.currency);
    const before = await this.invoices.before(customerId, from);
    const invoices = await this.invoices.invoicesBetween(customerId, from, to);
    const payments = await this.invoices.paymentsBetween(customerId, from, to);
    const notes = await this.credit.notesBetween(customerId, from, to);
    const applications = await this.credit.applicationsBetween(customerId, from, to);
    const figures = drawStatement({
      from,
      to,
      before: { ...before, credited: await this.credit.appliedBefore(customerId, from) },
      invoices,
      payments,
      notes,
      applications,
      invoiceNumbers: await this.invoices.numbersOf([...new Set(applications.map((a) => a.invoiceId))]),
      unpaidAt: await this.invoices.unpaidAt(customerId, to),
      creditedByInvoiceAt: await this.credit.appliedByInvoiceAt(customerId, to),
      unappliedCredit: await this.credit.unappliedAt(customerId, to),
    });
    return { account, currency, figures };
  }

  /** `to` defaults to today in the company's time zone, `from` to the first day of its month; 400 when `from` is after `to`. */
  private async range(range: StatementRangeDto): Promise<{ from: string; to: string }> {
    const to = range.to ?? todayIn((await this.settings.pick(['timezone'])).timezone);
    const from = range.from ?? `${to.slice(0, 8)}01`;
    if (from > to) throw dayTooEarly('to', from);
    return { from, to };
  }

  /** The statement as a PDF, in `language` when given (an email to the customer), else as documents are printed. */
  pdf(statement: Statement, language?: string): Promise<DocumentPdf> {
    const { account, figures } = statement;
    const filename = `statement-${figures.from}-${figures.to}.pdf`;
    return this.pdfs.print(account.id, language, filename, (page) => statementLayout(statement, page));
  }
}

/** The statement as answered: amounts as decimal strings in the customer's currency. */
export function toStatementDto({ account, currency, figures }: Statement): StatementDto {
  const money = (minor: bigint) => formatMinor(minor, currency.decimals);
  return {
    customerId: account.id,
    company: account.company,
    currency: account.currency,
    from: figures.from,
    to: figures.to,
    openingBalance: money(figures.openingBalance),
    lines: figures.lines.map((line) => ({
      type: line.type,
      date: line.date,
      id: line.id,
      number: line.number,
      invoiceNumber: line.invoiceNumber,
      dueDate: line.dueDate,
      mode: line.mode,
      amount: money(line.amount),
      charge: money(line.charge),
      credit: money(line.credit),
      balance: money(line.balance),
    })),
    totals: {
      invoiced: money(figures.invoiced),
      paid: money(figures.paid),
      credited: money(figures.credited),
      balanceDue: money(figures.balanceDue),
    },
    unappliedCredit: money(figures.unappliedCredit),
    aging: {
      current: money(figures.aging.current),
      days1To30: money(figures.aging.days1To30),
      days31To60: money(figures.aging.days31To60),
      days61To90: money(figures.aging.days61To90),
      over90: money(figures.aging.over90),
    },
  };
}
