import { Injectable, OnModuleInit } from '@nestjs/common';
import { Brackets, In, SelectQueryBuilder } from 'typeorm';
import { Page, addDays, formatMinor, page, staleVersion, todayIn, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditService } from '../audit/audit.service';
import { forbidden } from '../auth/auth.errors';
import { CurrenciesService } from '../currencies/currencies.service';
import { CustomerAccess } from '../customers/customer-access.service';
import { CustomerTransactions } from '../customers/customer-transactions.service';
import { DocumentNumbers, documentNumber } from '../documents/document-numbers.service';
import { DocumentPdf, DocumentPdfs } from '../documents/document-pdfs.service';
import { documentDtoBase, newDocument, pricedLines, readdressed } from '../documents/document-parts';
import { filterDocuments, readdressOpen, writeVersioned } from '../documents/document-queries';
import { dayOutOfRange, dayTooEarly } from '../documents/documents.errors';
import type { DocumentItemDto } from '../documents/dto/sales-document.dto';
import type { InvoiceDto } from '../invoices/dto/invoice.dto';
import { InvoicesService } from '../invoices/invoices.service';
import { StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import type {
  ConvertEstimateDto,
  CreateEstimateDto,
  EstimateDto,
  EstimateListQueryDto,
  UpdateEstimateDto,
} from './dto/estimate.dto';
import { Estimate, EstimateItem, EstimateStatus } from './estimate.entity';
import {
  LostEstimateUpdate,
  estimateAlreadyConverted,
  estimateExpired,
  estimateNotDraft,
  estimateNotEditable,
  estimateNotFound,
  estimateStatusConflict,
} from './estimates.errors';

const SORTABLE = { number: 'estimate.sequence_number', date: 'estimate.date' };
/** Estimates whose lines, dates and addresses may still change, and that follow their customer's addresses when asked. */
const OPEN_STATUSES: readonly EstimateStatus[] = ['draft', 'sent', 'expired'];

/** The status an estimate shows: a sent one past its expiry date (in the company's time zone) has expired. */
const statusOf = (estimate: Estimate, today: string): EstimateStatus =>
  estimate.status === 'sent' && estimate.expiryDate < today ? 'expired' : estimate.status;

/** The estimate as answered; `today` decides whether a sent one has expired. */
export function toEstimateDto(estimate: Estimate, items: EstimateItem[], today: string): EstimateDto {
  return {
    ...documentDtoBase(estimate, items),
    number: estimate.number,
    expiryDate: estimate.expiryDate,
    status: statusOf(estimate, today),
    invoiceId: estimate.invoiceId,
  };
}

/** What the customer's activity records of an estimate. */
function audited(dto: EstimateDto): Record<string, unknown> {
  return {
    number: dto.number,
    status: dto.status,
    currency: dto.currency,
    date: dto.date,
    expiryDate: dto.expiryDate,
    items: dto.items.length,
    total: dto.total,
    billingAddress: dto.billingAddress,
    shippingAddress: dto.shippingAddress,
    invoiceId: dto.invoiceId,
  };
}

/** The lines of an estimate with their rounded amounts, and its totals. */
function priced(estimateId: string, items: readonly DocumentItemDto[], decimals: number) {
  const { lines, ...totals } = pricedLines(items, decimals);
  return { rows: lines.map((line): EstimateItem => ({ estimateId, ...line })), ...totals };
}

/**
 * Whether the status may move from `from` (as shown) to `to`: a draft is only sent; sent,
 * accepted, declined and expired estimates move among those; none goes back to draft.
 */
function mayMove(from: EstimateStatus, to: EstimateStatus): boolean {
  if (from === to) return true;
  return from === 'draft' ? to === 'sent' : to !== 'draft';
}

/**
 * Estimates of customers, under the customer access rule, like invoices: a new estimate is
 * counted by the customers module, which answers its currency and addresses; a draft gets
 * its number only when it is sent. An estimate becomes at most one invoice: the conversion
 * writes the invoice and marks the estimate accepted in one transaction.
 */
@Injectable()
export class EstimatesService implements OnModuleInit {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly access: CustomerAccess,
    private readonly customerTransactions: CustomerTransactions,
    private readonly numbers: DocumentNumbers,
    private readonly currencies: CurrenciesService,
    private readonly settings: SettingsService,
    private readonly invoices: InvoicesService,
    private readonly audit: AuditService,
    private readonly pdfs: DocumentPdfs,
  ) {}

  private get estimates() {
    return this.connection.getRepository(Estimate);
  }

  private get items() {
    return this.connection.getRepository(EstimateItem);
  }

  /** Open estimates (not accepted, declined or converted) follow their customer's addresses when asked. */
  onModuleInit(): void {
    this.customerTransactions.onApplyAddresses((customerId, addresses) =>
      readdressOpen(this.estimates, customerId, addresses, 'status IN (:...open) AND invoice_id IS NULL', {
        open: OPEN_STATUSES,
      }),
    );
  }

  async create(actor: StaffActor, dto: CreateEstimateDto): Promise<EstimateDto> {
    const settings = await this.settings.pick(['estimateNumberPrefix', 'estimateValidityDays', 'timezone']);
    const today = todayIn(settings.timezone);
    const date = dto.date ?? today;
    const expiryDate = dto.expiryDate ?? addDays(date, settings.estimateValidityDays);
    if (expiryDate === null) throw dayOutOfRange('expiryDate');
    if (expiryDate < date) throw dayTooEarly('expiryDate', date);
    return this.connection.transaction(async () => {
      if (this.access.scopeOf(actor).kind !== 'all') await this.access.assertVisible(actor, dto.customerId);
      const party = await this.customerTransactions.recordTransaction(actor, dto.customerId);
      const decimals = await this.currencies.decimalsInUse(party.currency);
      const id = uuidv7();
      const lines = priced(id, dto.items, decimals);
      const status = dto.status ?? 'sent';
      const sequenceNumber = status === 'draft' ? null : await this.numbers.next('estimate');
      const estimate: Estimate = {
        ...newDocument({
          id,
          customerId: dto.customerId,
          party,
          decimals,
          date,
          status,
          totals: lines,
          numbered: sequenceNumber === null ? null : { prefix: settings.estimateNumberPrefix, sequenceNumber },
          createdBy: actor.id,
        }),
        expiryDate,
        invoiceId: null,
      };
      await this.estimates.createQueryBuilder().insert().values(estimate).updateEntity(false).execute();
      await this.items.createQueryBuilder().insert().values(lines.rows).updateEntity(false).execute();
      const created = toEstimateDto(estimate, lines.rows, today);
      await this.record(actor, estimate, 'create', undefined, audited(created));
      return created;
    });
  }

  async get(actor: StaffActor, id: string): Promise<EstimateDto> {
    const qb = this.estimates
      .createQueryBuilder('estimate')
      .leftJoinAndSelect('estimate.items', 'item')
      .where('estimate.id = :id', { id });
    this.access.restrict(qb, actor, 'estimate.customer_id', this.access.documentScopeOf(actor, 'estimates'));
    const estimate = await qb.getOne();
    if (!estimate) throw estimateNotFound();
    return toEstimateDto(estimate, estimate.items ?? [], await this.today());
  }

  /** The estimate as a PDF, read under the same rule as `get`. */
  async pdf(actor: StaffActor, id: string): Promise<DocumentPdf> {
    const estimate = await this.get(actor, id);
    return this.pdfs.render({
      kind: 'estimate',
      document: estimate,
      days: (t) => [[t('expiryDate'), estimate.expiryDate]],
    });
  }

  /** A page of the estimates the actor may read: the page's rows, then their lines by id. */
  async list(actor: StaffActor, query: EstimateListQueryDto): Promise<Page<EstimateDto>> {
    const today = await this.today();
    const result = await page(this.filtered(actor, query, today), query, {
      sortable: SORTABLE,
      defaultSort: '-date',
      tieBreaker: 'estimate.id',
      keysFirst: true,
    });
    const ids = result.data.map((estimate) => estimate.id);
    const items = ids.length ? await this.items.find({ where: { estimateId: In(ids) } }) : [];
    return {
      data: result.data.map((estimate) =>
        toEstimateDto(
          estimate,
          items.filter((item) => item.estimateId === estimate.id),
          today,
        ),
      ),
      meta: result.meta,
    };
  }

  /**
   * A partial update: dates, lines (the totals follow) and addresses of an estimate that is
   * open (draft, sent or expired) before or after the update; and the status, which a draft
   * leaves only to be sent (taking its number then) and which becomes accepted only while
   * the estimate has not expired. A converted estimate no longer changes.
   */
  async update(actor: StaffActor, id: string, dto: UpdateEstimateDto, expectedVersion?: number): Promise<EstimateDto> {
    const settings = await this.settings.pick(['estimateNumberPrefix', 'timezone']);
    const today = todayIn(settings.timezone);
    return this.write(actor, id, expectedVersion, today, async (estimate) => {
      const shown = statusOf(estimate, today);
      if (estimate.invoiceId !== null) throw estimateNotEditable(shown, estimate.invoiceId);
      const next: Estimate = { ...estimate };
      if (dto.date !== undefined) next.date = dto.date;
      if (dto.expiryDate !== undefined) next.expiryDate = dto.expiryDate;
      if (next.expiryDate < next.date) throw dayTooEarly('expiryDate', next.date);
      if (dto.status !== undefined) {
        if (!mayMove(shown, dto.status)) throw estimateStatusConflict(shown);
        if (dto.status === 'accepted' && next.expiryDate < today) throw estimateExpired(next.expiryDate);
        next.status = dto.status;
      }
      const changesContent =
        dto.date !== undefined ||
        dto.expiryDate !== undefined ||
        dto.items !== undefined ||
        dto.billingAddress !== undefined ||
        dto.shippingAddress !== undefined;
      const open = (status: EstimateStatus) => OPEN_STATUSES.includes(status);
      if (changesContent && !open(estimate.status) && !open(next.status)) throw estimateNotEditable(shown, null);
      Object.assign(next, readdressed(estimate, dto));
      let lines: EstimateItem[] | undefined;
      if (dto.items !== undefined) {
        const repriced = priced(id, dto.items, estimate.currencyDecimals);
        Object.assign(next, { subtotal: repriced.subtotal, taxTotal: repriced.taxTotal, total: repriced.total });
        lines = repriced.rows;
      }
      if (estimate.status === 'draft' && next.status === 'sent')
        await this.takeNumber(next, settings.estimateNumberPrefix);
      return { next, lines };
    });
  }

  /**
   * Converts an estimate to an invoice, in one transaction: the invoice takes the estimate's
   * lines, currency and addresses, and the estimate becomes accepted (a draft takes its
   * number) and names the invoice. Needs `invoices.create` besides the route's `estimates.edit`.
   */
  async convert(
    actor: StaffActor,
    id: string,
    dto: ConvertEstimateDto,
    expectedVersion?: number,
  ): Promise<{ invoice: InvoiceDto; estimate: EstimateDto }> {
    if (!actor.can('invoices.create')) throw forbidden();
    const settings = await this.settings.pick(['estimateNumberPrefix', 'timezone']);
    const today = todayIn(settings.timezone);
    let invoice: InvoiceDto | undefined;
    const estimate = await this.write(actor, id, expectedVersion, today, async (current, items) => {
      const shown = statusOf(current, today);
      if (current.invoiceId !== null) throw estimateAlreadyConverted(current.invoiceId);
      if (current.status === 'declined' || current.status === 'expired') throw estimateStatusConflict(shown);
      if (shown === 'expired') throw estimateExpired(current.expiryDate);
      invoice = await this.invoices.createFrom(
        actor,
        {
          customerId: current.customerId,
          currency: current.currency,
          items: [...items].sort((a, b) => a.position - b.position),
          billing: current.billing,
          shipping: current.hasShippingAddress ? current.shipping : null,
        },
        dto,
      );
      const next: Estimate = { ...current, status: 'accepted', invoiceId: invoice.id };
      if (current.status === 'draft') await this.takeNumber(next, settings.estimateNumberPrefix);
      return { next };
    });
    if (!invoice) throw new Error('the conversion wrote no invoice');
    return { invoice, estimate };
  }

  /** Deletes a draft (a sent estimate is declined instead): the customer's count goes back down. */
  async remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    await this.connection.transaction(async () => {
      const estimate = await this.findWritable(actor, id);
      if (expectedVersion !== undefined && estimate.version !== expectedVersion) throw staleVersion(estimate.version);
      if (estimate.status !== 'draft') throw estimateNotDraft(statusOf(estimate, await this.today()));
      const removed = await this.estimates
        .createQueryBuilder()
        .delete()
        .where('id = :id AND version = :version AND status = :draft', { id, version: estimate.version, draft: 'draft' })
        .execute();
      if (!removed.affected) throw staleVersion(estimate.version);
      await this.customerTransactions.reverseTransaction(estimate.customerId);
      await this.record(actor, estimate, 'delete', {
        status: estimate.status,
        total: formatMinor(estimate.total, estimate.currencyDecimals),
      });
    });
  }

  private async takeNumber(estimate: Estimate, prefix: string): Promise<void> {
    estimate.sequenceNumber = await this.numbers.next('estimate');
    estimate.number = documentNumber(prefix, estimate.sequenceNumber);
  }

  /**
   * Changes one estimate in a transaction: the change is decided on the estimate as read,
   * and written by an update guarded by that version (a lost race reruns it without
   * If-Match, answers 412 with it); new lines replace the old ones.
   */
  private write(
    actor: StaffActor,
    id: string,
    expectedVersion: number | undefined,
    today: string,
    change: (estimate: Estimate, items: EstimateItem[]) => Promise<{ next: Estimate; lines?: EstimateItem[] }>,
  ): Promise<EstimateDto> {
    const work = async () => {
      const estimate = await this.findWritable(actor, id, true);
      const items = estimate.items ?? [];
      delete estimate.items;
      if (expectedVersion !== undefined && estimate.version !== expectedVersion) throw staleVersion(estimate.version);
      const before = toEstimateDto(estimate, items, today);
      const { next, lines } = await change(estimate, items);
      next.updatedAt = new Date();
      const written = await writeVersioned(this.estimates, next, estimate.version);
      if (!written) {
        throw expectedVersion !== undefined ? staleVersion(estimate.version) : new LostEstimateUpdate();
      }
      next.version = estimate.version + 1;
      if (lines) {
        await this.items.delete({ estimateId: id });
        await this.items.createQueryBuilder().insert().values(lines).updateEntity(false).execute();
      }
      const after = toEstimateDto(next, lines ?? items, today);
      await this.record(actor, estimate, 'update', audited(before), audited(after));
      return after;
    };
    return this.connection.transaction(work, { retryWhen: (error) => error instanceof LostEstimateUpdate });
  }

  private record(
    actor: StaffActor,
    estimate: Estimate,
    action: 'create' | 'update' | 'delete',
    before?: Record<string, unknown>,
    after?: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(actor, [
      { customerId: estimate.customerId, entityType: 'estimate', entityId: estimate.id, action, before, after },
    ]);
  }

  /** An estimate of a customer the actor may see (the customer scope: writes need no read capability), or 404. */
  private async findWritable(actor: StaffActor, id: string, withItems = false): Promise<Estimate> {
    const qb = this.estimates.createQueryBuilder('estimate').where('estimate.id = :id', { id });
    if (withItems) qb.leftJoinAndSelect('estimate.items', 'item');
    this.access.restrict(qb, actor, 'estimate.customer_id');
    const estimate = await qb.getOne();
    if (!estimate) throw estimateNotFound();
    return estimate;
  }

  private filtered(actor: StaffActor, query: EstimateListQueryDto, today: string): SelectQueryBuilder<Estimate> {
    const qb = this.estimates.createQueryBuilder('estimate');
    this.access.restrict(qb, actor, 'estimate.customer_id', this.access.documentScopeOf(actor, 'estimates'));
    if (query.status === 'expired') {
      qb.andWhere(
        new Brackets((or) =>
          or
            .where('estimate.status = :expired', { expired: 'expired' })
            .orWhere('(estimate.status = :sent AND estimate.expiry_date < :today)', { sent: 'sent', today }),
        ),
      );
    } else if (query.status) {
      qb.andWhere('estimate.status = :status', { status: query.status });
      if (query.status === 'sent') qb.andWhere('estimate.expiry_date >= :today', { today });
    }
    return filterDocuments(qb, 'estimate', query);
  }

  private async today(): Promise<string> {
    return todayIn((await this.settings.pick(['timezone'])).timezone);
  }
}
