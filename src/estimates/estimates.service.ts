import { Injectable } from '@nestjs/common';
import { Page, addDays, todayIn } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { forbidden } from '../auth/auth.errors';
import {
  DocumentLifecycles,
  type FollowsCustomerAddresses,
  type PartyAddresses,
  WriteView,
} from '../documents/document-lifecycle';
import { DocumentPdf, DocumentPdfs, type ExportedDocument } from '../documents/document-pdfs.service';
import type { ExportFilter, ExportKey } from '../documents/documents.repository';
import { auditedContent, auditedHead, documentAnswer, readdressed } from '../documents/document-parts';
import { dayOutOfRange, dayTooEarly, ignoreNotFound } from '../documents/documents.errors';
import type { InvoiceDto } from '../invoices/dto/invoice.dto';
import { InvoicesService } from '../invoices/invoices.service';
import type { Actor, ContactActor, StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import type {
  ConvertEstimateDto,
  CreateEstimateDto,
  EstimateDto,
  EstimateListQueryDto,
  UpdateEstimateDto,
} from './dto/estimate.dto';
import { ESTIMATE_STATUSES, Estimate, EstimateItem, EstimateStatus } from './estimate.entity';
import {
  estimateAlreadyConverted,
  estimateExpired,
  estimateNotDraft,
  estimateNotEditable,
  estimateNotFound,
  estimateStatusConflict,
} from './estimates.errors';
import { EstimatesRepository, OPEN_STATUSES } from './estimates.repository';

/** The status an estimate shows: a sent one past its expiry date (in the company's time zone) has expired. */
const statusOf = (estimate: Estimate, today: string): EstimateStatus =>
  estimate.status === 'sent' && estimate.expiryDate < today ? 'expired' : estimate.status;

/** The estimate as answered; `today` decides whether a sent one has expired. */
export function toEstimateDto(estimate: Estimate, items: EstimateItem[], today: string): EstimateDto {
  return documentAnswer(estimate, items, () => ({
    expiryDate: estimate.expiryDate,
    status: statusOf(estimate, today),
    invoiceId: estimate.invoiceId,
    acceptedByName: estimate.acceptedByName,
    declineReason: estimate.declineReason,
    respondedAt: estimate.respondedAt?.toISOString() ?? null,
    respondedByContactId: estimate.respondedByContactId,
  }));
}

/** A new estimate has no answer from the customer yet. */
const NO_RESPONSE = { acceptedByName: null, declineReason: null, respondedAt: null, respondedByContactId: null };

/** A contact's answer to an estimate on the portal. */
export type EstimateResponse = { accept: true; name: string } | { accept: false; reason: string | null };

/** What the customer's activity records of an estimate. */
function audited(dto: EstimateDto): Record<string, unknown> {
  return { ...auditedHead(dto), expiryDate: dto.expiryDate, ...auditedContent(dto), invoiceId: dto.invoiceId };
}

/** How a change of an estimate is recorded and answered, `today` in the company's time zone. */
const view = (today: string): WriteView<Estimate, EstimateItem, EstimateDto> => ({
  withLines: true,
  audited: (estimate, items) => audited(toEstimateDto(estimate, items, today)),
  answer: (estimate, items) => toEstimateDto(estimate, items, today),
});

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
export class EstimatesService implements FollowsCustomerAddresses {
  private readonly documents;

  constructor(
    lifecycles: DocumentLifecycles,
    private readonly connection: TransactionalConnection,
    private readonly settings: SettingsService,
    private readonly invoices: InvoicesService,
    private readonly pdfs: DocumentPdfs,
    private readonly estimates: EstimatesRepository,
  ) {
    this.documents = lifecycles.of({ repository: estimates, notFound: estimateNotFound });
  }

  async create(actor: StaffActor, dto: CreateEstimateDto): Promise<EstimateDto> {
    const settings = await this.settings.pick(['estimateNumberPrefix', 'estimateValidityDays', 'timezone']);
    const today = todayIn(settings.timezone);
    const date = dto.date ?? today;
    const expiryDate = dto.expiryDate ?? addDays(date, settings.estimateValidityDays);
    if (expiryDate === null) throw dayOutOfRange('expiryDate');
    if (expiryDate < date) throw dayTooEarly('expiryDate', date);
    return this.connection.transaction(async () => {
      await this.documents.assertCustomerReachable(actor, dto.customerId);
      const party = await this.documents.count(actor, dto.customerId);
      const status = dto.status ?? 'sent';
      const prefix = status === 'draft' ? null : settings.estimateNumberPrefix;
      return this.documents.create(
        actor,
        { customerId: dto.customerId, party, date, status, items: dto.items, prefix },
        (columns) => ({ ...columns, expiryDate, invoiceId: null, ...NO_RESPONSE }),
        view(today),
      );
    });
  }

  get(actor: Actor, id: string): Promise<EstimateDto> {
    return this.documents.read(id, actor, async (estimate, items) =>
      toEstimateDto(estimate, items, await this.today()),
    );
  }

  /** The estimate as a PDF, read under the same rule as `get`. */
  async pdf(actor: Actor, id: string): Promise<DocumentPdf> {
    const estimate = await this.get(actor, id);
    return this.print(estimate, await this.pdfs.languageFor(actor, estimate.customerId));
  }

  /**
   * The estimate as a PDF in `language`, as it is now, for an email being sent (the sender
   * was allowed to send it): null when it no longer exists.
   */
  async pdfToSend(id: string, language: string): Promise<DocumentPdf | null> {
    const estimate = await this.documents
      .read(id, undefined, async (row, items) => toEstimateDto(row, items, await this.today()))
      .catch((error: unknown) => ignoreNotFound(error));
    return estimate && this.print(estimate, language);
  }

  private print(estimate: EstimateDto, language?: string): Promise<DocumentPdf> {
    return this.pdfs.render(
      { kind: 'estimate', document: estimate, days: (t) => [[t('expiryDate'), estimate.expiryDate]] },
      language,
    );
  }

  /**
   * The estimate about to be emailed, in the caller's transaction: a draft is sent first
   * (numbered then, recorded in the activity).
   */
  async prepareToSend(actor: StaffActor, id: string): Promise<EstimateDto> {
    const estimate = await this.documents.findWritable(actor, id);
    if (estimate.status === 'draft') return this.update(actor, id, { status: 'sent' });
    return this.documents.read(id, undefined, async (row, items) => toEstimateDto(row, items, await this.today()));
  }

  /** Whether `status` is one of an estimate's statuses (an export's filter). */
  isStatus(status: string): boolean {
    return (ESTIMATE_STATUSES as readonly string[]).includes(status);
  }

  /**
   * The next `size` estimates of a customer's export after `after` (date, then id; drafts only
   * when `status` asks for them), each with its PDF. The caller has checked that the actor
   * may read the customer's estimates.
   */
  async exportBatch(filter: ExportFilter, after: ExportKey | null, size: number): Promise<ExportedDocument[]> {
    const today = await this.today();
    const rows = await this.estimates.exportBatch(filter, after, size);
    return rows.map(({ items, ...estimate }) => ({
      key: { date: estimate.date, id: estimate.id },
      pdf: () => this.print(toEstimateDto(estimate, items ?? [], today)),
    }));
  }

  /** A page of the estimates the actor may read: the page's rows, then their lines by id. */
  async list(actor: Actor, query: EstimateListQueryDto): Promise<Page<EstimateDto>> {
    const today = await this.today();
    const result = await this.documents.list(actor, query, this.estimates.showingStatus(query.status, today));
    return { data: result.data.map(({ document, lines }) => toEstimateDto(document, lines, today)), meta: result.meta };
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
    return this.documents.write(
      actor,
      id,
      expectedVersion,
      async (estimate) => {
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
        const lines = dto.items === undefined ? undefined : this.documents.reprice(next, dto.items);
        if (estimate.status === 'draft' && next.status === 'sent')
          await this.documents.takeNumber(next, settings.estimateNumberPrefix);
        return { next, lines };
      },
      view(today),
    );
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
    const estimate = await this.documents.write(
      actor,
      id,
      expectedVersion,
      async (current, items) => {
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
        if (current.status === 'draft') await this.documents.takeNumber(next, settings.estimateNumberPrefix);
        return { next };
      },
      view(today),
    );
    if (!invoice) throw new Error('the conversion wrote no invoice');
    return { invoice, estimate };
  }

  /**
   * A contact's answer to a sent estimate of its customer, on the portal: accepted with the
   * name of the person accepting, or declined with an optional reason, recorded with the
   * time and the contact, and in the customer's activity with the contact as actor. Only a
   * sent estimate that is not converted is answered (409 ESTIMATE_STATUS_CONFLICT), and an
   * expired one is not accepted (409 ESTIMATE_EXPIRED); of answers sent at once, one wins and
   * the others get 409. Joins the caller's transaction.
   */
  async respond(actor: ContactActor, id: string, response: EstimateResponse): Promise<EstimateDto> {
    const today = await this.today();
    return this.connection.transaction(async () => {
      const { estimate, items } = await this.documents.read(id, actor, (estimate, items) => ({ estimate, items }));
      const shown = statusOf(estimate, today);
      if (estimate.status !== 'sent' || estimate.invoiceId !== null) throw estimateStatusConflict(shown);
      if (response.accept && shown === 'expired') throw estimateExpired(estimate.expiryDate);
      const columns = {
        status: response.accept ? ('accepted' as const) : ('declined' as const),
        acceptedByName: response.accept ? response.name : null,
        declineReason: response.accept ? null : response.reason,
        respondedAt: new Date(),
        respondedByContactId: actor.id,
      };
      if (!(await this.estimates.respond(id, columns, today))) {
        const now = await this.documents.read(id, undefined, (current) => current);
        throw estimateStatusConflict(statusOf(now, today));
      }
      const next: Estimate = { ...estimate, ...columns, version: estimate.version + 1, updatedAt: columns.respondedAt };
      await this.documents.record(actor, estimate, 'update', audited(toEstimateDto(estimate, items, today)), {
        ...audited(toEstimateDto(next, items, today)),
        ...(response.accept ? { acceptedByName: response.name } : { declineReason: response.reason }),
      });
      return toEstimateDto(next, items, today);
    });
  }

  /** Deletes a draft (a sent estimate is declined instead): the customer's count goes back down. */
  remove(actor: StaffActor, id: string, expectedVersion?: number): Promise<void> {
    return this.documents.removeDraft(actor, id, expectedVersion, async (estimate) =>
      estimateNotDraft(statusOf(estimate, await this.today())),
    );
  }

  private async today(): Promise<string> {
    return todayIn((await this.settings.pick(['timezone'])).timezone);
  }

  /** Gives the customer's open documents of this kind its new addresses (the customers module asks). */
  readdressOpen(customerId: string, addresses: PartyAddresses): Promise<number> {
    return this.documents.readdressOpen(customerId, addresses);
  }
}
