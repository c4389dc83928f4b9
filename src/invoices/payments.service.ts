import { Injectable } from '@nestjs/common';
import { Page, formatMinor, mapPage, todayIn, toMinor, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { CustomerAccess } from '../access/customer-access.service';
import { CustomerTransactions } from '../customer-transactions/customer-transactions.service';
import { StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import type { CreatePaymentDto, PaymentDto, PaymentListQueryDto } from './dto/payment.dto';
import type { Invoice } from './invoice.entity';
import { InvoiceBalances, PAYABLE, amountDueOf } from './invoice-balances.service';
import { InvoicesService } from './invoices.service';
import {
  invoiceStatusConflict,
  paymentExceedsAmountDue,
  paymentNotFound,
  tooManyDecimals,
  unknownPaymentMode,
} from './invoices.errors';
import type { Payment } from './payment.entity';
import { PaymentsRepository } from './payments.repository';
import { RevenueMonths } from './revenue-months.service';
import { receiptFilename, receiptLayout } from './payment-receipt';
import { DocumentPdfs, type ExportedDocument } from '../documents/document-pdfs.service';
import { CurrenciesService } from '../currencies/currencies.service';

export function toPaymentDto(payment: Payment): PaymentDto {
  return {
    id: payment.id,
    invoiceId: payment.invoiceId,
    customerId: payment.customerId,
    currency: payment.currency,
    amount: formatMinor(payment.amount, payment.currencyDecimals),
    date: payment.date,
    mode: payment.mode,
    note: payment.note,
    createdBy: payment.createdBy,
    createdAt: payment.createdAt.toISOString(),
  };
}

/** What the customer's activity records of a payment. */
const audited = (dto: PaymentDto, invoice: Invoice): Record<string, unknown> => ({
  invoiceId: dto.invoiceId,
  invoiceNumber: invoice.number,
  amount: dto.amount,
  currency: dto.currency,
  date: dto.date,
  mode: dto.mode,
});

/**
 * Payments against invoices, under the customer access rule like invoices: reads see the
 * payments of the customers the actor's `payments.view`/`view_own` reach, capped by the
 * customer scope; writes need the invoice's customer visible.
 *
 * The invoice's `amount_paid` moves by one guarded statement in the payment's transaction
 * (`amount_paid + amount <= total`, the invoice still open), so payments at once can never
 * pay more than the total; its status follows from the amount paid. Each payment counts as a
 * transaction of the customer (`CustomerTransactions`), which also takes the customer's row
 * first, the order every document write follows.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly customerTransactions: CustomerTransactions,
    private readonly balances: InvoiceBalances,
    private readonly invoices: InvoicesService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly payments: PaymentsRepository,
    private readonly revenue: RevenueMonths,
    private readonly pdfs: DocumentPdfs,
    private readonly currencies: CurrenciesService,
  ) {}

  async create(actor: StaffActor, dto: CreatePaymentDto): Promise<PaymentDto> {
    const settings = await this.settings.pick(['paymentModes', 'timezone']);
    if (!settings.paymentModes.includes(dto.mode)) throw unknownPaymentMode(settings.paymentModes);
    const date = dto.date ?? todayIn(settings.timezone);
    return this.connection.transaction(async () => {
      const invoice = await this.invoices.findWritable(actor, dto.invoiceId);
      if (!PAYABLE.includes(invoice.status)) throw invoiceStatusConflict(invoice.status);
      const amount = toMinor(dto.amount, invoice.currencyDecimals, 15);
      if (amount === null) throw tooManyDecimals('amount', invoice.currencyDecimals);
      const due = (value: Invoice) => formatMinor(amountDueOf(value), value.currencyDecimals);
      if (amount > amountDueOf(invoice)) throw paymentExceedsAmountDue(due(invoice));

      await this.customerTransactions.recordTransaction(actor, invoice.customerId);
      if (!(await this.balances.settle(invoice.id, amount, 'payment'))) {
        const now = await this.balances.current(invoice.id);
        if (!PAYABLE.includes(now.status)) throw invoiceStatusConflict(now.status);
        throw paymentExceedsAmountDue(due(now));
      }
      const payment: Payment = {
        id: uuidv7(),
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        currency: invoice.currency,
        currencyDecimals: invoice.currencyDecimals,
        amount,
        date,
        mode: dto.mode,
        note: dto.note?.trim() ? dto.note.trim() : null,
        createdBy: actor.id,
        createdAt: new Date(),
      };
      await this.payments.insert(payment);
      await this.revenue.paymentChanged(payment, 1);
      const created = toPaymentDto(payment);
      await this.audit.record(actor, [
        {
          customerId: payment.customerId,
          entityType: 'payment',
          entityId: payment.id,
          action: 'create',
          after: audited(created, invoice),
        },
      ]);
      return created;
    });
  }

  async get(actor: StaffActor, id: string): Promise<PaymentDto> {
    const payment = await this.payments.findVisible(actor, id, this.readScope(actor));
    if (!payment) throw paymentNotFound();
    return toPaymentDto(payment);
  }

  async list(actor: StaffActor, query: PaymentListQueryDto): Promise<Page<PaymentDto>> {
    return mapPage(await this.payments.listPage(actor, this.readScope(actor), query), toPaymentDto);
  }

  /** The payments of an invoice the caller has read under its own access rule, oldest first. */
  async ofInvoice(invoiceId: string): Promise<PaymentDto[]> {
    return (await this.payments.ofInvoice(invoiceId)).map(toPaymentDto);
  }

  /** Takes a payment back: the invoice's amount paid goes down and it is open again (partially paid or unpaid). */
  async remove(actor: StaffActor, id: string): Promise<void> {
    await this.connection.transaction(async () => {
      const payment = await this.payments.findVisible(actor, id);
      if (!payment) throw paymentNotFound();
      await this.customerTransactions.reverseTransaction(payment.customerId);
      if (!(await this.payments.delete(id))) throw paymentNotFound();
      await this.balances.unsettle(payment.invoiceId, payment.amount, 'payment');
      await this.revenue.paymentChanged(payment, -1);
      const invoice = await this.balances.current(payment.invoiceId);
      await this.audit.record(actor, [
        {
          customerId: payment.customerId,
          entityType: 'payment',
          entityId: id,
          action: 'delete',
          before: audited(toPaymentDto(payment), invoice),
        },
      ]);
    });
  }

  /**
   * The next `size` payments of a customer's export after `after` (date, then id), filtered by
   * mode and dates, each with its receipt as a PDF. The caller has checked that the actor may
   * read the customer's payments.
   */
  async exportBatch(
    filter: { customerId: string; mode?: string; from?: string; to?: string },
    after: { date: string; id: string } | null,
    size: number,
  ): Promise<ExportedDocument[]> {
    const rows = await this.payments.exportBatch(filter, after, size);
    return rows.map((payment) => ({
      key: { date: payment.date, id: payment.id },
      pdf: async () => {
        const currency = await this.currencies.get(payment.currency);
        return this.pdfs.print(payment.customerId, undefined, receiptFilename(payment), (page) =>
          receiptLayout(payment, currency, page),
        );
      },
    }));
  }

  /** Reads see the payments of the customers the actor's `payments.view`/`view_own` reach, capped by the customer scope. */
  private readScope(actor: StaffActor) {
    return this.access.documentScopeOf(actor, 'payments');
  }
}
