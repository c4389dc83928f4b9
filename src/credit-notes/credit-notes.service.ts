import { Injectable } from '@nestjs/common';
import { Page, formatMinor, rescaleMinor, todayIn, toMinor, uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import {
  DocumentLifecycles,
  type FollowsCustomerAddresses,
  type PartyAddresses,
  WriteView,
} from '../documents/document-lifecycle';
import { DocumentPdf, DocumentPdfs, type ExportedDocument } from '../documents/document-pdfs.service';
import type { ExportFilter, ExportKey } from '../documents/documents.repository';
import { auditedHead, documentAnswer, readdressed } from '../documents/document-parts';
import { InvoiceBalances, PAYABLE, amountDueOf } from '../invoices/invoice-balances.service';
import { InvoicesService } from '../invoices/invoices.service';
import { invoiceStatusConflict, tooManyDecimals } from '../invoices/invoices.errors';
import { ignoreNotFound } from '../documents/documents.errors';
import type { Actor, StaffActor } from '../permissions/actor';
import { SettingsService } from '../settings/settings.service';
import { CREDIT_NOTE_STATUSES, CreditApplication, CreditNote, CreditNoteItem } from './credit-note.entity';
import {
  creditApplicationNotFound,
  creditExceedsAmountDue,
  creditExceedsRemaining,
  creditNoteNotEditable,
  creditNoteNotFound,
  creditNoteStatusConflict,
  foreignInvoice,
} from './credit-notes.errors';
import { CreditNotesRepository } from './credit-notes.repository';
import type {
  AppliedCreditDto,
  ApplyCreditDto,
  CreateCreditNoteDto,
  CreditApplicationDto,
  CreditNoteDto,
  CreditNoteListQueryDto,
  UpdateCreditNoteDto,
} from './dto/credit-note.dto';

/** What a credit note has left to apply. */
const remainingOf = (note: CreditNote): bigint => (note.status === 'void' ? 0n : note.total - note.amountApplied);

function toApplicationDto(application: CreditApplication, decimals: number): CreditApplicationDto {
  return {
    id: application.id,
    invoiceId: application.invoiceId,
    amount: formatMinor(application.amount, decimals),
    date: application.date,
    createdBy: application.createdBy,
    createdAt: application.createdAt.toISOString(),
  };
}

/** The credit note as answered, with its lines and where its credit went. */
export function toCreditNoteDto(
  note: CreditNote,
  items: CreditNoteItem[],
  applications: CreditApplication[],
): CreditNoteDto {
  return documentAnswer(note, items, (money) => ({
    status: note.status,
    invoiceId: note.invoiceId,
    amountApplied: money(note.amountApplied),
    amountRemaining: money(remainingOf(note)),
    applications: [...applications]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
      .map((application) => toApplicationDto(application, note.currencyDecimals)),
  }));
}

/** What the customer's activity records of a credit note. */
function audited(note: CreditNote): Record<string, unknown> {
  return {
    ...auditedHead(note),
    total: formatMinor(note.total, note.currencyDecimals),
    amountApplied: formatMinor(note.amountApplied, note.currencyDecimals),
    invoiceId: note.invoiceId,
  };
}

/**
 * Credit notes of customers, under the customer access rule like the other documents. A
 * credit note counts as a transaction of its customer and is numbered when created; its
 * credit goes to open invoices of the same customer. Applying credit moves the note's
 * `amount_applied` and the invoice's `amount_credited` by guarded statements in one
 * transaction (the note's row first, then the invoice's, the order every credit write
 * takes), so neither the note nor the invoice can be over-credited by requests made at once.
 */
@Injectable()
export class CreditNotesService implements FollowsCustomerAddresses {
  private readonly documents;

  /** How a change of a note is recorded (the note's own columns) and answered (as it is now, with its applications). */
  private readonly view: WriteView<CreditNote, CreditNoteItem, CreditNoteDto> = {
    withLines: false,
    audited: (note) => audited(note),
    answer: (note) => this.answer(note.id),
  };

  constructor(
    lifecycles: DocumentLifecycles,
    private readonly connection: TransactionalConnection,
    private readonly balances: InvoiceBalances,
    private readonly invoices: InvoicesService,
    private readonly settings: SettingsService,
    private readonly pdfs: DocumentPdfs,
    private readonly notes: CreditNotesRepository,
  ) {
    this.documents = lifecycles.of({ repository: notes, notFound: creditNoteNotFound });
  }

  async create(actor: StaffActor, dto: CreateCreditNoteDto): Promise<CreditNoteDto> {
    const settings = await this.settings.pick(['creditNoteNumberPrefix', 'timezone']);
    const date = dto.date ?? todayIn(settings.timezone);
    return this.connection.transaction(async () => {
      await this.documents.assertCustomerReachable(actor, dto.customerId);
      if (dto.invoiceId !== undefined) {
        const invoice = await this.invoices.findWritable(actor, dto.invoiceId);
        if (invoice.customerId !== dto.customerId) throw foreignInvoice();
      }
      const party = await this.documents.count(actor, dto.customerId);
      return this.documents.create(
        actor,
        {
          customerId: dto.customerId,
          party,
          date,
          status: 'open',
          items: dto.items,
          prefix: settings.creditNoteNumberPrefix,
        },
        (columns) => ({ ...columns, amountApplied: 0n, invoiceId: dto.invoiceId ?? null }),
        { audited, answer: (note, items) => toCreditNoteDto(note, items, []) },
      );
    });
  }

  get(actor: Actor, id: string): Promise<CreditNoteDto> {
    return this.answer(id, actor);
  }

  /** The credit note as a PDF, read under the same rule as `get`: what is applied and what remains after its total. */
  async pdf(actor: Actor, id: string): Promise<DocumentPdf> {
    const note = await this.get(actor, id);
    return this.print(note, await this.pdfs.languageFor(actor, note.customerId));
  }

  /**
   * The credit note as a PDF in `language`, as it is now, for an email being sent (the
   * sender was allowed to send it): null when it no longer exists.
   */
  async pdfToSend(id: string, language: string): Promise<DocumentPdf | null> {
    const note = await this.answer(id).catch((error: unknown) => ignoreNotFound(error));
    return note && this.print(note, language);
  }

  private print(note: CreditNoteDto, language?: string): Promise<DocumentPdf> {
    return this.pdfs.render(
      {
        kind: 'creditNote',
        document: note,
        balance: (t) => [
          { label: t('amountApplied'), amount: note.amountApplied },
          { label: t('amountRemaining'), amount: note.amountRemaining, strong: true },
        ],
      },
      language,
    );
  }

  /** The credit note about to be emailed, in the caller's transaction: a void one is not sent (409). */
  async prepareToSend(actor: StaffActor, id: string): Promise<CreditNoteDto> {
    const note = await this.documents.findWritable(actor, id);
    if (note.status === 'void') throw creditNoteStatusConflict(note.status);
    return this.answer(id);
  }

  /** Whether `status` is one of a credit note's statuses (an export's filter). */
  isStatus(status: string): boolean {
    return (CREDIT_NOTE_STATUSES as readonly string[]).includes(status);
  }

  /**
   * The next `size` credit notes of a customer's export after `after` (date, then id), each
   * with its PDF. The caller has checked that the actor may read the customer's credit notes.
   */
  async exportBatch(filter: ExportFilter, after: ExportKey | null, size: number): Promise<ExportedDocument[]> {
    const rows = await this.notes.exportBatch(filter, after, size);
    const applications = await this.notes.applicationsOfNotes(rows.map((note) => note.id));
    return rows.map(({ items, ...note }) => ({
      key: { date: note.date, id: note.id },
      pdf: () =>
        this.print(
          toCreditNoteDto(
            note,
            items ?? [],
            applications.filter((application) => application.creditNoteId === note.id),
          ),
        ),
    }));
  }

  /** A page of the credit notes the actor may read: the page's rows, then their lines and applications by id. */
  async list(actor: Actor, query: CreditNoteListQueryDto): Promise<Page<CreditNoteDto>> {
    const result = await this.documents.list(actor, query, this.notes.withStatus(query.status));
    const applications = await this.notes.applicationsOfNotes(result.data.map(({ document }) => document.id));
    return {
      data: result.data.map(({ document, lines }) =>
        toCreditNoteDto(
          document,
          lines,
          applications.filter((application) => application.creditNoteId === document.id),
        ),
      ),
      meta: result.meta,
    };
  }

  /** A partial update of the date, lines (the totals follow) and addresses of an open note with nothing applied yet. */
  async update(
    actor: StaffActor,
    id: string,
    dto: UpdateCreditNoteDto,
    expectedVersion?: number,
  ): Promise<CreditNoteDto> {
    return this.documents.write(
      actor,
      id,
      expectedVersion,
      async (note) => {
        if (note.status !== 'open' || note.amountApplied > 0n) throw creditNoteNotEditable(note.status);
        const next: CreditNote = { ...note, ...readdressed(note, dto) };
        if (dto.date !== undefined) next.date = dto.date;
        if (dto.items === undefined) return { next };
        return { next, lines: this.documents.reprice(next, dto.items) };
      },
      this.view,
    );
  }

  /** Withdraws an open note with nothing applied: it keeps its number (the series has no gaps) and gives no credit. */
  async void(actor: StaffActor, id: string, expectedVersion?: number): Promise<CreditNoteDto> {
    return this.documents.write(
      actor,
      id,
      expectedVersion,
      async (note) => {
        if (note.status !== 'open' || note.amountApplied > 0n) throw creditNoteStatusConflict(note.status);
        return { next: { ...note, status: 'void' } };
      },
      this.view,
    );
  }

  /**
   * Applies credit to an open invoice of the note's customer: at most what the note has left
   * and what the invoice has due. The note closes once all its credit is applied; the invoice
   * becomes partially paid or paid.
   */
  async apply(actor: StaffActor, id: string, dto: ApplyCreditDto): Promise<CreditNoteDto> {
    const { timezone } = await this.settings.pick(['timezone']);
    return this.connection.transaction(async () => {
      const note = await this.documents.findWritable(actor, id);
      if (note.status !== 'open') throw creditNoteStatusConflict(note.status);
      const amount = toMinor(dto.amount, note.currencyDecimals, 15);
      if (amount === null) throw tooManyDecimals('amount', note.currencyDecimals);
      const invoice = await this.invoices.findWritable(actor, dto.invoiceId);
      if (invoice.customerId !== note.customerId) throw foreignInvoice();
      if (!PAYABLE.includes(invoice.status)) throw invoiceStatusConflict(invoice.status);
      // Each document counts the amount in the minor unit it was written in.
      const owed = rescaleMinor(amount, note.currencyDecimals, invoice.currencyDecimals);
      if (owed === null) throw tooManyDecimals('amount', invoice.currencyDecimals);
      const money = (minor: bigint) => formatMinor(minor, note.currencyDecimals);
      if (amount > remainingOf(note)) throw creditExceedsRemaining(money(remainingOf(note)));
      if (owed > amountDueOf(invoice)) {
        throw creditExceedsAmountDue(formatMinor(amountDueOf(invoice), invoice.currencyDecimals));
      }

      if (!(await this.notes.takeCredit(id, amount))) {
        const now = await this.notes.findByIdOrFail(id);
        if (now.status !== 'open') throw creditNoteStatusConflict(now.status);
        throw creditExceedsRemaining(money(remainingOf(now)));
      }
      if (!(await this.balances.settle(invoice.id, owed, 'credit'))) {
        const now = await this.balances.current(invoice.id);
        if (!PAYABLE.includes(now.status)) throw invoiceStatusConflict(now.status);
        throw creditExceedsAmountDue(formatMinor(amountDueOf(now), now.currencyDecimals));
      }
      const application: CreditApplication = {
        id: uuidv7(),
        creditNoteId: id,
        invoiceId: invoice.id,
        amount,
        date: dto.date ?? todayIn(timezone),
        createdBy: actor.id,
        createdAt: new Date(),
      };
      await this.notes.insertApplication(application);
      const applied = note.amountApplied + amount;
      const after: CreditNote = { ...note, amountApplied: applied, status: applied >= note.total ? 'closed' : 'open' };
      await this.documents.record(actor, note, 'update', audited(note), {
        ...audited(after),
        appliedTo: invoice.id,
        appliedAmount: money(amount),
      });
      return this.answer(id);
    });
  }

  /** Takes applied credit back from its invoice: the note is open again, the invoice partially paid or unpaid. */
  async unapply(actor: StaffActor, id: string, applicationId: string): Promise<void> {
    await this.connection.transaction(async () => {
      const note = await this.documents.findWritable(actor, id);
      const application = await this.notes.findApplication(id, applicationId);
      if (!application) throw creditApplicationNotFound();
      if (!(await this.notes.giveBackCredit(id, application.amount))) {
        throw new Error(`credit note ${id} does not hold application ${applicationId}`);
      }
      if (!(await this.notes.deleteApplication(applicationId))) throw creditApplicationNotFound();
      await this.balances.unsettle(application.invoiceId, await this.owedBack(application, note), 'credit');
      const after = await this.notes.findByIdOrFail(id);
      await this.documents.record(actor, note, 'update', audited(note), {
        ...audited(after),
        takenBackFrom: application.invoiceId,
        takenBackAmount: formatMinor(application.amount, note.currencyDecimals),
      });
    });
  }

  /** The applied amount in the invoice's minor unit (the note's and the invoice's agree unless written at other decimals). */
  private async owedBack(application: CreditApplication, note: CreditNote): Promise<bigint> {
    const invoice = await this.balances.current(application.invoiceId);
    if (invoice.currencyDecimals === note.currencyDecimals) return application.amount;
    const amount = rescaleMinor(application.amount, note.currencyDecimals, invoice.currencyDecimals);
    if (amount === null) throw new Error(`credit application ${application.id} is finer than its invoice's minor unit`);
    return amount;
  }

  /**
   * The note with its lines and applications: as `actor` may read it (404 otherwise), or,
   * without one, as it is now in this transaction after a change the actor was allowed to make.
   */
  private async answer(id: string, actor?: Actor): Promise<CreditNoteDto> {
    return this.documents.read(id, actor, async (note, items) =>
      toCreditNoteDto(note, items, await this.notes.applicationsOf(id)),
    );
  }

  /** The credit applied to an invoice the caller has read under its own access rule, oldest first. */
  async appliedTo(invoiceId: string): Promise<AppliedCreditDto[]> {
    return (await this.notes.appliedTo(invoiceId)).map(({ application, note }) => ({
      creditNoteId: application.creditNoteId,
      creditNoteNumber: note.number,
      amount: formatMinor(application.amount, note.currencyDecimals),
      date: application.date,
    }));
  }

  /** Gives the customer's open documents of this kind its new addresses (the customers module asks). */
  readdressOpen(customerId: string, addresses: PartyAddresses): Promise<number> {
    return this.documents.readdressOpen(customerId, addresses);
  }
}
