import { Injectable } from '@nestjs/common';
import { type Address, Page, addDays, formatMinor, todayIn } from '@app/common';
import { TransactionalConnection } from '@app/database';
import type { DocumentParty } from '../customer-transactions/customer-transactions.service';
import type { Actor, StaffActor } from '../permissions/actor';
import type { Settings } from '../settings/settings';
import { SettingsService } from '../settings/settings.service';
import {
  DocumentLifecycles,
  type FollowsCustomerAddresses,
  type PartyAddresses,
  WriteView,
} from '../documents/document-lifecycle';
import { DocumentPdf, DocumentPdfs, type ExportedDocument } from '../documents/document-pdfs.service';
import type { ExportFilter, ExportKey } from '../documents/documents.repository';
import { amountDueOf } from './invoice-balances.service';
import { auditedContent, auditedHead, documentAnswer, readdressed } from '../documents/document-parts';
import { dayOutOfRange, dayTooEarly, ignoreNotFound } from '../documents/documents.errors';
import type { DocumentItemDto } from '../documents/dto/sales-document.dto';
import type { CreateInvoiceDto, InvoiceDto, InvoiceListQueryDto, UpdateInvoiceDto } from './dto/invoice.dto';
import { INVOICE_STATUSES, Invoice, InvoiceItem, InvoiceStatus } from './invoice.entity';
import { InvoicesRepository } from './invoices.repository';
import { RevenueMonths } from './revenue-months.service';
import {
  invoiceNotDraft,
  invoiceNotEditable,
  invoiceNotFound,
  invoiceStatusConflict,
  invoiceTotalBelowAmountPaid,
} from './invoices.errors';

const OPEN: readonly InvoiceStatus[] = ['unpaid', 'partially_paid'];

/** The invoice as answered; `today` (in the company's time zone) decides whether it is overdue. */
export function toInvoiceDto(invoice: Invoice, items: InvoiceItem[], today: string): InvoiceDto {
  return documentAnswer(invoice, items, (money) => ({
    dueDate: invoice.dueDate,
    status: invoice.status,
    amountPaid: money(invoice.amountPaid),
    amountCredited: money(invoice.amountCredited),
    amountDue: money(invoice.status === 'cancelled' ? 0n : amountDueOf(invoice)),
    isOverdue: OPEN.includes(invoice.status) && invoice.dueDate < today,
  }));
}

/** What the customer's activity records of an invoice. */
function audited(dto: InvoiceDto): Record<string, unknown> {
  return { ...auditedHead(dto), dueDate: dto.dueDate, ...auditedContent(dto) };
}

/**
 * How a change of an invoice is recorded and answered, `today` in the company's time zone;
 * the customer's revenue per month follows it in the same transaction.
 */
const view = (today: string, revenue: RevenueMonths): WriteView<Invoice, InvoiceItem, InvoiceDto> => ({
  withLines: true,
  audited: (invoice, items) => audited(toInvoiceDto(invoice, items, today)),
  answer: (invoice, items) => toInvoiceDto(invoice, items, today),
  written: (before, after) => revenue.invoiceChanged(before, after),
});

/** What an invoice made of another document takes from it. */
export interface InvoiceSource {
  customerId: string;
  currency: string;
  items: readonly DocumentItemDto[];
  billing: Address;
  shipping: Address | null;
}

/** How a new invoice starts: its status, and its dates unless the defaults apply. */
export interface InvoiceOptions {
  status?: 'draft' | 'unpaid';
  date?: string;
  dueDate?: string;
}

/** The dates of a new invoice: today and the setting's due days by default; 400 for a due date before the date. */
function invoiceDates(options: InvoiceOptions, settings: Pick<Settings, 'invoiceDueDays' | 'timezone'>) {
  const date = options.date ?? todayIn(settings.timezone);
  const dueDate = options.dueDate ?? addDays(date, settings.invoiceDueDays);
  if (dueDate === null) throw dayOutOfRange('dueDate');
  if (dueDate < date) throw dayTooEarly('dueDate', date);
  return { date, dueDate };
}

/**
 * Invoices of customers, under the customer access rule: reads see the invoices of the
 * customers the actor's `invoices.view`/`view_own` reach, capped by the customer scope;
 * writes need the customer visible. A new invoice is counted by the customers module
 * (`CustomerTransactions`), which answers the currency it must use and the addresses it
 * copies; a draft gets its number from the series only when it is issued.
 */
@Injectable()
export class InvoicesService implements FollowsCustomerAddresses {
  private readonly documents;

  constructor(
    lifecycles: DocumentLifecycles,
    private readonly connection: TransactionalConnection,
    private readonly settings: SettingsService,
    private readonly pdfs: DocumentPdfs,
    private readonly invoices: InvoicesRepository,
    private readonly revenue: RevenueMonths,
  ) {
    this.documents = lifecycles.of({ repository: invoices, notFound: invoiceNotFound });
  }

  async create(actor: StaffActor, dto: CreateInvoiceDto): Promise<InvoiceDto> {
    const settings = await this.settings.pick(['invoiceNumberPrefix', 'invoiceDueDays', 'timezone']);
    const dates = invoiceDates(dto, settings);
    return this.connection.transaction(async () => {
      await this.documents.assertCustomerReachable(actor, dto.customerId);
      const party = await this.documents.count(actor, dto.customerId);
      return this.insert(
        actor,
        { ...dates, customerId: dto.customerId, status: dto.status, items: dto.items },
        party,
        settings,
      );
    });
  }

  /**
   * An invoice made of another document of the customer (an estimate), in the caller's
   * transaction: its lines and its addresses, in the currency the document has, which a
   * counted customer keeps. The caller has checked that the actor may reach the customer.
   */
  async createFrom(actor: StaffActor, source: InvoiceSource, options: InvoiceOptions): Promise<InvoiceDto> {
    const settings = await this.settings.pick(['invoiceNumberPrefix', 'invoiceDueDays', 'timezone']);
    const dates = invoiceDates(options, settings);
    const party = await this.documents.count(actor, source.customerId);
    if (party.currency !== source.currency) {
      throw new Error(`customer ${source.customerId} is in ${party.currency}, its document in ${source.currency}`);
    }
    const addresses = { billingAddress: source.billing, shippingAddress: source.shipping };
    return this.insert(actor, { ...dates, ...source, status: options.status }, { ...party, ...addresses }, settings);
  }

  /** Writes a new invoice of a counted customer, numbered unless a draft, and records it in the activity. */
  private async insert(
    actor: StaffActor,
    input: Pick<InvoiceSource, 'customerId' | 'items'> & InvoiceOptions & { date: string; dueDate: string },
    party: DocumentParty,
    settings: Pick<Settings, 'invoiceNumberPrefix' | 'timezone'>,
  ): Promise<InvoiceDto> {
    const status = input.status ?? 'unpaid';
    const prefix = status === 'draft' ? null : settings.invoiceNumberPrefix;
    return this.documents.create(
      actor,
      { customerId: input.customerId, party, date: input.date, status, items: input.items, prefix },
      (columns) => ({ ...columns, dueDate: input.dueDate, amountPaid: 0n, amountCredited: 0n }),
      view(todayIn(settings.timezone), this.revenue),
    );
  }

  get(actor: Actor, id: string): Promise<InvoiceDto> {
    return this.documents.read(id, actor, async (invoice, items) => toInvoiceDto(invoice, items, await this.today()));
  }

  /** The invoice as a PDF, read under the same rule as `get`: paid and credited amounts before what is due. */
  async pdf(actor: Actor, id: string): Promise<DocumentPdf> {
    const invoice = await this.get(actor, id);
    return this.print(invoice, await this.pdfs.languageFor(actor, invoice.customerId));
  }

  /**
   * The invoice as a PDF in `language`, as it is now, for an email being sent (the sender
   * was allowed to send it): null when it no longer exists.
   */
  async pdfToSend(id: string, language: string): Promise<DocumentPdf | null> {
    const invoice = await this.documents
      .read(id, undefined, async (row, items) => toInvoiceDto(row, items, await this.today()))
      .catch((error: unknown) => ignoreNotFound(error));
    return invoice && this.print(invoice, language);
  }

  private print(invoice: InvoiceDto, language?: string): Promise<DocumentPdf> {
    return this.pdfs.render(
      {
        kind: 'invoice',
        document: invoice,
        days: (t) => [[t('dueDate'), invoice.dueDate]],
        statusNote: (t) => (invoice.isOverdue ? t('overdue') : null),
        balance: (t) => [
          { label: t('amountPaid'), amount: invoice.amountPaid },
          ...(/[1-9]/.test(invoice.amountCredited)
            ? [{ label: t('amountCredited'), amount: invoice.amountCredited }]
            : []),
          { label: t('amountDue'), amount: invoice.amountDue, strong: true },
        ],
      },
      language,
    );
  }

  /**
   * The invoice about to be emailed, in the caller's transaction: a draft is issued first
   * (unpaid, numbered then, recorded in the activity); a cancelled one is not sent (409).
   */
  async prepareToSend(actor: StaffActor, id: string): Promise<InvoiceDto> {
    const invoice = await this.findWritable(actor, id);
    if (invoice.status === 'cancelled') throw invoiceStatusConflict(invoice.status);
    if (invoice.status === 'draft') return this.update(actor, id, { status: 'unpaid' });
    return this.documents.read(id, undefined, async (row, items) => toInvoiceDto(row, items, await this.today()));
  }

  /** Whether `status` is one of an invoice's statuses (an export's filter). */
  isStatus(status: string): boolean {
    return (INVOICE_STATUSES as readonly string[]).includes(status);
  }

  /**
   * The next `size` invoices of a customer's export after `after` (date, then id; drafts only
   * when `status` asks for them), each with its PDF. The caller has checked that the actor
   * may read the customer's invoices.
   */
  async exportBatch(filter: ExportFilter, after: ExportKey | null, size: number): Promise<ExportedDocument[]> {
    const today = await this.today();
    const rows = await this.invoices.exportBatch(filter, after, size);
    return rows.map(({ items, ...invoice }) => ({
      key: { date: invoice.date, id: invoice.id },
      pdf: () => this.print(toInvoiceDto(invoice, items ?? [], today)),
    }));
  }

  /** A page of the invoices the actor may read: the page's rows, then their lines by id. */
  async list(actor: Actor, query: InvoiceListQueryDto): Promise<Page<InvoiceDto>> {
    const today = await this.today();
    const result = await this.documents.list(actor, query, this.invoices.filtered(query, today));
    return { data: result.data.map(({ document, lines }) => toInvoiceDto(document, lines, today)), meta: result.meta };
  }

  /**
   * A partial update of an invoice that is not paid or cancelled: dates, lines (the totals
   * follow, never below what has been paid; exactly that makes it paid), the addresses of this invoice, and `status: unpaid` to issue a draft, which
   * takes its number then. With `expectedVersion` (If-Match) a stale version answers 412.
   */
  async update(actor: StaffActor, id: string, dto: UpdateInvoiceDto, expectedVersion?: number): Promise<InvoiceDto> {
    const settings = await this.settings.pick(['invoiceNumberPrefix', 'timezone']);
    return this.documents.write(
      actor,
      id,
      expectedVersion,
      async (invoice, items) => {
        if (invoice.status === 'paid' || invoice.status === 'cancelled') throw invoiceNotEditable(invoice.status);
        if (dto.status === 'unpaid' && invoice.status !== 'draft' && invoice.status !== 'unpaid') {
          throw invoiceStatusConflict(invoice.status);
        }
        const next: Invoice = { ...invoice };
        if (dto.date !== undefined) next.date = dto.date;
        if (dto.dueDate !== undefined) next.dueDate = dto.dueDate;
        if (next.dueDate < next.date) throw dayTooEarly('dueDate', next.date);
        Object.assign(next, readdressed(invoice, dto));
        let lines = items;
        if (dto.items !== undefined) {
          lines = this.documents.reprice(next, dto.items);
          const settled = invoice.amountPaid + invoice.amountCredited;
          if (next.total < settled) throw invoiceTotalBelowAmountPaid(formatMinor(settled, invoice.currencyDecimals));
          if (settled > 0n && next.total === settled) next.status = 'paid';
        }
        if (dto.status === 'unpaid' && invoice.status === 'draft') {
          next.status = 'unpaid';
          await this.documents.takeNumber(next, settings.invoiceNumberPrefix);
        }
        return { next, lines: dto.items !== undefined ? lines : undefined };
      },
      view(todayIn(settings.timezone), this.revenue),
    );
  }

  /** Cancels an unpaid invoice; it keeps its number. Drafts are deleted instead, paid money is refunded first. */
  async cancel(actor: StaffActor, id: string, expectedVersion?: number): Promise<InvoiceDto> {
    const { timezone } = await this.settings.pick(['timezone']);
    return this.documents.write(
      actor,
      id,
      expectedVersion,
      async (invoice) => {
        if (invoice.status !== 'unpaid' || amountDueOf(invoice) < invoice.total)
          throw invoiceStatusConflict(invoice.status);
        return { next: { ...invoice, status: 'cancelled' } };
      },
      view(todayIn(timezone), this.revenue),
    );
  }

  /** Deletes a draft (an issued invoice is cancelled instead): the customer's count goes back down. */
  remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    return this.documents.removeDraft(actor, id, expectedVersion, async (invoice) => invoiceNotDraft(invoice.status));
  }

  /** An invoice of a customer the actor may see (the customer scope: writes need no read capability), or 404. */
  findWritable(actor: StaffActor, id: string): Promise<Invoice> {
    return this.documents.findWritable(actor, id);
  }

  private async today(): Promise<string> {
    return todayIn((await this.settings.pick(['timezone'])).timezone);
  }

  /** Gives the customer's open documents of this kind its new addresses (the customers module asks). */
  readdressOpen(customerId: string, addresses: PartyAddresses): Promise<number> {
    return this.documents.readdressOpen(customerId, addresses);
  }
}
